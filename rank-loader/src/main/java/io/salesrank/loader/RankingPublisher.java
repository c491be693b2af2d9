package io.salesrank.loader;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Messages;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a ranking directory in two transactions. The first inserts the run as {@code loading},
 * streams its rows with {@code COPY ... FROM STDIN} (checking each) into a new table without
 * indexes, attaches that table as the run's partition of {@code sales_rank}, which builds its
 * indexes in bulk, and inserts the run's categories (parent, span) into {@code ranking_category}. The
 * second applies the category guard if the run is to become current, marks a replaced run, publishes
 * the run and, if it is to become current, moves the current pointer. Readers see the old ranking or
 * the new one, never a mix: the new run's rows and categories are committed before any pointer or
 * status names it. A failure at any point leaves the previous ranking current; a staged run that is
 * never published is dropped, here or by a later publish's retention.
 *
 * <p>The current ranking is the published one with the newest {@code as_of}, of two with the same
 * {@code as_of} the one published last (CONTRACT section 3): a run of an older {@code as_of} (a
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
  public record Result(long runId, long rows, int categories, int replacedRuns, int deletedRuns, long millis,
      long stagedMillis, boolean current, Instant currentAsOf) {
  }

  private record Staged(long runId, RankingDirectory.Totals totals) {
  }

  private record CurrentRun(long runId, Instant asOf) {
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
    return new Result(staged.runId(), staged.totals().rows(), staged.totals().categories(), published.replacedRuns(),
        deleted, millis, stagedNanos / 1_000_000, published.current(), published.currentAsOf());
  }

  static String partition(long runId) {
    return "sales_rank_r" + runId;
  }

  /**
   * First transaction: the run as {@code loading}, its rows in a table of their own, attached as its
   * partition, and its categories. Nothing names the run as current or published yet, so readers
   * (the views and the read API reach a run's rows and categories through it) are unaffected
   * whatever happens, and see both or neither once it is published.
   */
  private static Staged stage(Connection c, RankingDirectory ranking) throws SQLException, IOException {
    return inTransaction(c, () -> {
      long runId = insertRun(c, ranking);
      String table = partition(runId);
      try (Statement s = c.createStatement()) {
        // The CHECK spares ATTACH a scan proving that every row belongs to the partition.
        s.execute("CREATE TABLE " + table + " (LIKE sales_rank INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
            + " CONSTRAINT " + table + "_run CHECK (run_id = " + runId + "))");
      }
      RankingDirectory.Totals totals = copyRows(c, table, runId, ranking);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL maintenance_work_mem = '256MB'");
        // Builds the partition's indexes from the sorted rows in one pass each.
        s.execute("ALTER TABLE sales_rank ATTACH PARTITION " + table + " FOR VALUES IN (" + runId + ")");
      }
      insertCategories(c, runId, ranking, totals.categoryIds());
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
      CurrentRun current = currentRun(c);
      // Of two runs with the same as_of the one published last is current: this one.
      boolean becomesCurrent = current == null || !asOf.isBefore(current.asOf());
      if (becomesCurrent && current != null && !options.force()) {
        guard(c, current.runId(), staged.totals().categoryIds());
      }
      int replaced = markReplaced(c, staged.runId());
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE ranking_run SET status = 'published', published_at = now() WHERE run_id = ?")) {
        ps.setLong(1, staged.runId());
        ps.executeUpdate();
      }
      if (!becomesCurrent) {
        return new Published(replaced, false, current.asOf());
      }
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO current_ranking (singleton, run_id) VALUES (true, ?)
          ON CONFLICT (singleton) DO UPDATE SET run_id = EXCLUDED.run_id""")) {
        ps.setLong(1, staged.runId());
        ps.executeUpdate();
      }
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

  private static CurrentRun currentRun(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT run.run_id, run.as_of FROM current_ranking c JOIN ranking_run run ON run.run_id = c.run_id")) {
      return rs.next() ? new CurrentRun(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()) : null;
    }
  }

  private static long insertRun(Connection c, RankingDirectory ranking) throws SQLException {
    RankingManifest m = ranking.manifest();
    RankingManifest.Policy p = m.policy();
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, half_life_hours, lookback_hours,
                                 span_hours, top_n, computed_at, published_at, status, row_count,
                                 category_count, lines_read, malformed_lines, outside_window, counted_lines,
                                 manifest, metric, min_products, fallback_hours, category_tree_sha256)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), 'loading', ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?)
        RETURNING run_id""")) {
      ps.setObject(1, utc(HourLayout.parseHour(m.hour())));
      ps.setObject(2, utc(Instant.parse(m.asOf())));
      ps.setString(3, p.kind());
      setNullable(ps, 4, p.windowHours(), Types.INTEGER);
      setNullable(ps, 5, p.halfLifeHours(), Types.DOUBLE);
      setNullable(ps, 6, p.lookbackHours(), Types.INTEGER);
      // The policy's span, the window or the decay's lookback; a sparse category's is in ranking_category.
      ps.setInt(7, p.spanHours());
      ps.setInt(8, m.top());
      ps.setObject(9, utc(Instant.parse(m.computedAt())));
      ps.setLong(10, m.rows());
      ps.setInt(11, m.categories());
      ps.setLong(12, m.counts().linesRead());
      ps.setLong(13, m.counts().malformed());
      ps.setLong(14, m.counts().outsideWindow());
      ps.setLong(15, m.counts().counted());
      ps.setString(16, ranking.manifestJson());
      ps.setString(17, p.metricOrDefault());
      boolean fallsBack = p.minProducts() != null && p.minProducts() > 0;
      ps.setInt(18, fallsBack ? p.minProducts() : 0);
      ps.setArray(19, fallsBack ? c.createArrayOf("integer", p.fallbackHours().toArray()) : null);
      ps.setString(20, m.categoryTree() == null ? null : m.categoryTree().sha256());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * An instant as a {@code timestamptz} parameter, stored exactly whatever the JVM's time zone (a
   * {@code java.sql.Timestamp} travels as a local time).
   */
  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private static void setNullable(PreparedStatement ps, int index, Object value, int type) throws SQLException {
    if (value == null) {
      ps.setNull(index, type);
    } else {
      ps.setObject(index, value, type);
    }
  }

  /**
   * Each category of the run ({@code *} included), its parent in the run's tree and the span it was
   * ranked over, in one statement.
   */
  private static void insertCategories(Connection c, long runId, RankingDirectory ranking, Set<String> categoryIds)
      throws SQLException {
    List<String> ids = categoryIds.stream().sorted().toList();
    String[] parents = new String[ids.size()];
    Integer[] spans = new Integer[ids.size()];
    for (int i = 0; i < parents.length; i++) {
      parents[i] = ranking.parentOf(ids.get(i));
      spans[i] = ranking.spanHoursOf(ids.get(i));
    }
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO ranking_category (run_id, category_id, parent_id, span_hours)
        SELECT ?, category_id, parent_id, span_hours
          FROM unnest(?::text[], ?::text[], ?::integer[]) AS c (category_id, parent_id, span_hours)""")) {
      ps.setLong(1, runId);
      ps.setArray(2, c.createArrayOf("text", ids.toArray()));
      ps.setArray(3, c.createArrayOf("text", parents));
      ps.setArray(4, c.createArrayOf("integer", spans));
      ps.executeUpdate();
    }
  }

  /**
   * Streams the checked rows into {@code table} as written: its {@code run_id} column defaults to
   * the run, so the files' bytes go to COPY unchanged.
   */
  private static RankingDirectory.Totals copyRows(Connection c, String table, long runId, RankingDirectory ranking)
      throws SQLException, IOException {
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + table + " ALTER COLUMN run_id SET DEFAULT " + runId);
    }
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
        "COPY " + table + " (category_id, rank, product_id, total_sold, score) FROM STDIN");
    try {
      RankingDirectory.Totals totals;
      try {
        totals = ranking.forEachRow((bytes, offset, length) -> {
          try {
            copy.writeToCopy(bytes, offset, length);
          } catch (SQLException e) {
            throw new IOException("COPY failed: " + Messages.rootMessage(e), e);
          }
        });
      } catch (IOException e) {
        // A database failure reported through the row callback is told as one.
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e;
      }
      copy.endCopy();
      return totals;
    } finally {
      if (copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException e) {
          // The connection is gone or the COPY already failed; the failure in flight says why.
          LOG.debug("Cancelling the COPY failed", e);
        }
      }
    }
  }

  /**
   * Refuses a new current ranking that lacks too many of the current one's categories. The new
   * ranking's categories were collected while its rows streamed by; the current one's are its rank-1
   * rows, read through the primary key of its partition.
   */
  private void guard(Connection c, long currentRunId, Set<String> newCategories) throws SQLException {
    long before = 0;
    long lost = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT category_id FROM sales_rank WHERE run_id = ? AND rank = 1")) {
      ps.setLong(1, currentRunId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          before++;
          if (!newCategories.contains(rs.getString(1))) {
            lost++;
          }
        }
      }
    }
    if (before > 0 && lost > options.maxCategoryLoss() * before) {
      throw new SalesRankException(String.format(Locale.ROOT,
          "refused: the new ranking lacks %d of the current ranking's %d categories (%.1f%%, more than"
              + " --max-category-loss %s), which looks like truncated input; the previous ranking stays"
              + " current. Check the input, or publish anyway with --force",
          lost, before, 100.0 * lost / before, options.maxCategoryLoss()));
    }
  }

  /**
   * Marks the published runs of the same {@code as_of} and ranking options (policy, metric, fallback
   * rules, category tree) as the staged run replaced: a re-run supersedes them. Its {@code --top} is
   * not an option that makes another ranking.
   */
  private static int markReplaced(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE ranking_run old SET status = 'replaced'
          FROM ranking_run new
         WHERE new.run_id = ? AND old.run_id <> new.run_id AND old.status = 'published'
           AND old.as_of = new.as_of AND old.policy_kind = new.policy_kind
           AND (old.window_hours, old.half_life_hours, old.lookback_hours, old.metric, old.min_products,
                old.fallback_hours, old.category_tree_sha256)
               IS NOT DISTINCT FROM
               (new.window_hours, new.half_life_hours, new.lookback_hours, new.metric, new.min_products,
                new.fallback_hours, new.category_tree_sha256)""")) {
      ps.setLong(1, runId);
      return ps.executeUpdate();
    }
  }
}
