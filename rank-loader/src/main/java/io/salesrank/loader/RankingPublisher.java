package io.salesrank.loader;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a ranking directory in two transactions, its SQL in {@link PublishSql}. The first inserts the run as {@code loading},
 * streams its rows with {@code COPY ... FROM STDIN} (checking each) into a new table without
 * indexes, attaches that table as the run's partition of {@code sales_rank}, which builds its
 * indexes in bulk, and inserts the run's categories (parent, span) into {@code ranking_category}. The
 * second applies the category guard if the run is to become current, marks a replaced run, publishes
 * the run and, if it is to become current, moves the current pointer. Readers see the old ranking or
 * the new one, never a mix: the new run's rows and categories are committed before any pointer or
 * status names it. A failure at any point leaves the previous ranking current; a staged run that is
 * never published is dropped, here or by a later publish's retention.
 *
 * <p>Each name ({@code _ranking.json}'s {@code name}, {@code default} when absent) has its own current
 * ranking: the published one of that name with the newest {@code as_of}, of two with the same
 * {@code as_of} the one published last (docs/publishing.md); a run of an older {@code as_of} (a
 * backfill) joins the history and leaves the pointer where it is. Re-publishing the same
 * {@code as_of} with the same ranking options (policy, metric, fallback rules, category tree) replaces
 * that run, in the pointer too if it was current; a run by other options is another ranking.
 */
public final class RankingPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(RankingPublisher.class);
  private static final Duration RETENTION_LOCK_TIMEOUT = Duration.ofSeconds(10);

  /**
   * What a publish did; {@code stagedMillis} of {@code millis} went to copying and indexing. The run
   * is {@code current} or joined the history only; {@code currentAsOf} is the {@code as_of} of the
   * current ranking after the publish (the run's own when it is current).
   */
  public record Result(String name, long runId, long rows, int categories, int replacedRuns, int deletedRuns,
      long millis, long stagedMillis, boolean current, Instant currentAsOf) {
  }

  private record Staged(long runId, RankingDirectory.Totals totals) {
  }

  /** What the second transaction did. */
  private record Published(int replacedRuns, boolean current, Instant currentAsOf) {
  }

  private final DataSource db;
  private final PublishSettings options;
  private final Duration retentionLockTimeout;

  public RankingPublisher(DataSource db, PublishSettings options) {
    this(db, options, RETENTION_LOCK_TIMEOUT);
  }

  RankingPublisher(DataSource db, PublishSettings options, Duration retentionLockTimeout) {
    this.db = db;
    this.options = options;
    this.retentionLockTimeout = retentionLockTimeout;
  }

  public Result publish(RankingDirectory ranking) throws IOException {
    long started = System.nanoTime();
    Staged staged;
    long stagedNanos;
    Published published;
    try (Connection c = db.getConnection()) {
      // Serialises publishes and retention across both transactions; readers never wait on it.
      PublishLock.lock(c);
      try {
        staged = stage(c, ranking);
        stagedNanos = System.nanoTime() - started;
        try {
          published = publishRun(c, staged, ranking.manifest());
        } catch (SQLException | IOException | RuntimeException e) {
          discard(c, staged.runId());
          throw e;
        }
      } finally {
        PublishLock.unlock(c);
      }
    } catch (SQLException e) {
      String what = "publishing " + ranking.path() + " failed, the previous ranking stays current";
      if (Database.connectionLost(e)) {
        // The server went away (stopped, restarted, network): one line, and what to do about it.
        throw new SalesRankException(what + ": the connection to the database was lost ("
            + Messages.rootMessage(e) + "); publish again once PostgreSQL is back", e);
      }
      throw Database.failure(what, e);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    int deleted = new Retention(db, options.keepHours(), retentionLockTimeout).apply();
    return new Result(ranking.manifest().nameOrDefault(), staged.runId(), staged.totals().rows(),
        staged.totals().categories(), published.replacedRuns(),
        deleted, millis, stagedNanos / 1_000_000, published.current(), published.currentAsOf());
  }

  /**
   * First transaction: the run as {@code loading}, its rows in a table of their own, attached as its
   * partition, and its categories. Nothing names the run as current or published yet, so readers
   * (the views and the read API reach a run's rows and categories through it) are unaffected
   * whatever happens, and see both or neither once it is published.
   */
  private static Staged stage(Connection c, RankingDirectory ranking) throws SQLException, IOException {
    return inTransaction(c, () -> {
      long runId = PublishSql.insertRun(c, ranking);
      PublishSql.createPartition(c, runId);
      RankingDirectory.Totals totals = PublishSql.copyRows(c, runId, ranking);
      PublishSql.attachPartition(c, runId);
      PublishSql.insertCategories(c, runId, ranking, totals.categoryIds());
      return new Staged(runId, totals);
    });
  }

  /**
   * Second transaction: the run replaces an earlier run of its {@code as_of} and options and becomes
   * published; if its {@code as_of} is not older than the current one's, the guard checks it and the
   * pointer moves to it. Its partition was committed earlier, so a query that sees the new pointer
   * also plans with the new partition. (A statement planned before the attach committed and given its
   * snapshot after this commit would have to stall between the two for this whole transaction; the
   * read API, for one, also checks every snapshot's row count against its run before serving it.)
   */
  private Published publishRun(Connection c, Staged staged, RankingManifest m) throws SQLException, IOException {
    Instant asOf = Instant.parse(m.asOf());
    return inTransaction(c, () -> {
      String name = m.nameOrDefault();
      PublishSql.CurrentRun current = PublishSql.currentRun(c, name);
      // Of two runs with the same as_of the one published last is current: this one.
      boolean becomesCurrent = current == null || !asOf.isBefore(current.asOf());
      if (becomesCurrent && current != null && !options.force()) {
        guard(c, current.runId(), staged.totals().categoryIds());
      }
      int replaced = PublishSql.markReplaced(c, staged.runId());
      PublishSql.markPublished(c, staged.runId());
      if (!becomesCurrent) {
        return new Published(replaced, false, current.asOf());
      }
      PublishSql.makeCurrent(c, name, staged.runId());
      return new Published(replaced, true, asOf);
    });
  }

  /** Work of one transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException, IOException;
  }

  /** Runs {@code work} in one transaction on {@code c}: committed, or rolled back on any failure. */
  private static <T> T inTransaction(Connection c, Work<T> work) throws SQLException, IOException {
    c.setAutoCommit(false);
    T result;
    try {
      result = work.run();
      c.commit();
    } catch (SQLException | IOException | RuntimeException e) {
      rollback(c);
      // On a lost connection this fails too; the failure that matters is e, not "Connection is closed".
      try {
        c.setAutoCommit(true);
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    c.setAutoCommit(true);
    return result;
  }

  /** Drops a staged run that was not published; if that fails, retention drops it later. */
  private static void discard(Connection c, long runId) {
    try {
      Retention.dropRun(c, runId);
    } catch (SQLException e) {
      if (Database.connectionLost(e)) {
        LOG.debug("Could not drop the unpublished run {} on a lost connection; a later publish removes it", runId, e);
      } else {
        LOG.warn("Could not drop the unpublished run {} now; a later publish removes it: {}", runId,
            Messages.rootMessage(e));
      }
    }
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      if (Database.connectionLost(e)) {
        LOG.debug("Rollback failed on a lost connection; the server ends the transaction", e);
      } else {
        LOG.warn("Rollback failed; the transaction ends with the connection: {}", e.getMessage());
      }
    }
  }

  /**
   * Refuses a new current ranking that lacks too many of the current one's (of the same name) categories. The new
   * ranking's categories were collected while its rows streamed by; the current one's are its rank-1
   * rows, read through the primary key of its partition.
   */
  private void guard(Connection c, long currentRunId, Set<String> newCategories) throws SQLException {
    List<String> current = PublishSql.categoriesOf(c, currentRunId);
    long before = current.size();
    long lost = current.stream().filter(category -> !newCategories.contains(category)).count();
    if (before > 0 && lost > options.maxCategoryLoss() * before) {
      throw new SalesRankException(String.format(Locale.ROOT,
          "refused: the new ranking lacks %d of the current ranking's %d categories (%.1f%%, more than"
              + " --max-category-loss %s), which looks like truncated input; the previous ranking stays"
              + " current. Check the input, or publish anyway with --force",
          lost, before, 100.0 * lost / before, options.maxCategoryLoss()));
    }
  }

}
