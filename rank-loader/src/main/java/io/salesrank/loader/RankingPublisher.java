package io.salesrank.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.salesrank.mr.HourLayout;
import io.salesrank.mr.RankingManifest;
import io.salesrank.mr.SalesRankException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a ranking directory: one transaction inserts the run, streams its rows with
 * {@code COPY ... FROM STDIN} (checking each), applies the category guard and moves the current
 * pointer. Readers see the old ranking or the new one, never a mix; a failure at any point rolls
 * everything back and the previous ranking stays current.
 *
 * <p>The run just published is the current one (CONTRACT section 3), whatever its hour;
 * re-publishing an hour with the same policy replaces that hour's run.
 */
public final class RankingPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(RankingPublisher.class);
  private static final int COPY_BUFFER = 1 << 16;
  /** Advisory lock key shared by publishes and retention ("salesrnk" in ASCII). */
  private static final long PUBLISH_LOCK = 0x73616c657372_6e6bL;

  /** What a publish did. */
  public record Result(long runId, long rows, int categories, int replacedRuns, int deletedRuns, long millis) {
  }

  private final DataSource db;
  private final PublishOptions options;

  public RankingPublisher(DataSource db, PublishOptions options) {
    this.db = db;
    this.options = options;
  }

  public Result publish(RankingDirectory ranking) throws IOException {
    long started = System.nanoTime();
    RankingManifest m = ranking.manifest();
    long runId;
    RankingDirectory.Totals totals;
    int replaced;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          // Serialises publishers and retention; readers take no such lock and never wait.
          s.execute("SELECT pg_advisory_xact_lock(" + PUBLISH_LOCK + ")");
        }
        Long current = currentRunId(c);
        runId = insertRun(c, ranking);
        totals = copyRows(c, runId, ranking);
        if (current != null && !options.force()) {
          try (Statement s = c.createStatement()) {
            // The rows just copied have no statistics yet: without this the planner may scan the
            // table once per category. Both runs are reached through the primary key.
            s.execute("SET LOCAL enable_seqscan = off");
            guard(c, current, runId);
            s.execute("SET LOCAL enable_seqscan = on");
          }
        }
        replaced = markReplaced(c, runId, m);
        try (PreparedStatement ps = c.prepareStatement("""
            INSERT INTO current_ranking (singleton, run_id) VALUES (true, ?)
            ON CONFLICT (singleton) DO UPDATE SET run_id = EXCLUDED.run_id""")) {
          ps.setLong(1, runId);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw Database.failure("publishing " + ranking.path() + " failed, the previous ranking stays current", e);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    int deleted = applyRetention();
    return new Result(runId, totals.rows(), totals.categories(), replaced, deleted, millis);
  }

  private static void rollback(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.warn("Rollback failed; the transaction ends with the connection: {}", e.getMessage());
    }
  }

  private static Long currentRunId(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT run_id FROM current_ranking")) {
      return rs.next() ? rs.getLong(1) : null;
    }
  }

  private static long insertRun(Connection c, RankingDirectory ranking) throws SQLException {
    RankingManifest m = ranking.manifest();
    RankingManifest.Policy p = m.policy();
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, half_life_hours, lookback_hours,
                                 top_n, computed_at, published_at, status, row_count, category_count,
                                 lines_read, malformed_lines, outside_window, counted_lines, manifest)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, now(), 'published', ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))
        RETURNING run_id""")) {
      ps.setTimestamp(1, Timestamp.from(HourLayout.parseHour(m.hour())));
      ps.setTimestamp(2, Timestamp.from(Instant.parse(m.asOf())));
      ps.setString(3, p.kind());
      setNullable(ps, 4, p.windowHours(), Types.INTEGER);
      setNullable(ps, 5, p.halfLifeHours(), Types.DOUBLE);
      setNullable(ps, 6, p.lookbackHours(), Types.INTEGER);
      ps.setInt(7, m.top());
      ps.setTimestamp(8, Timestamp.from(Instant.parse(m.computedAt())));
      ps.setLong(9, m.rows());
      ps.setInt(10, m.categories());
      ps.setLong(11, m.counts().linesRead());
      ps.setLong(12, m.counts().malformed());
      ps.setLong(13, m.counts().outsideWindow());
      ps.setLong(14, m.counts().counted());
      ps.setString(15, ranking.manifestJson());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void setNullable(PreparedStatement ps, int index, Object value, int type) throws SQLException {
    if (value == null) {
      ps.setNull(index, type);
    } else {
      ps.setObject(index, value, type);
    }
  }

  /** Streams the checked rows into {@code sales_rank}; the lines go as written, prefixed by the run. */
  private static RankingDirectory.Totals copyRows(Connection c, long runId, RankingDirectory ranking)
      throws SQLException, IOException {
    CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
        "COPY sales_rank (run_id, category_id, rank, product_id, total_sold, score) FROM STDIN");
    StringBuilder buffer = new StringBuilder(COPY_BUFFER + 256);
    try {
      RankingDirectory.Totals totals = ranking.forEachRow(line -> {
        buffer.append(runId).append('\t').append(line).append('\n');
        if (buffer.length() >= COPY_BUFFER) {
          flush(copy, buffer);
        }
      });
      flush(copy, buffer);
      copy.endCopy();
      return totals;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void flush(CopyIn copy, StringBuilder buffer) throws IOException {
    if (buffer.length() == 0) {
      return;
    }
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    try {
      copy.writeToCopy(bytes, 0, bytes.length);
    } catch (SQLException e) {
      throw new IOException("COPY failed: " + Database.rootMessage(e), e);
    }
    buffer.setLength(0);
  }

  /** Refuses a new current ranking that lacks too many of the current one's categories. */
  private void guard(Connection c, long currentRunId, long runId) throws SQLException {
    // A join, not a NOT EXISTS in the select list, which runs as a correlated subplan per category.
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT count(*), count(*) FILTER (WHERE n.category_id IS NULL)
          FROM sales_rank p
          LEFT JOIN sales_rank n ON n.run_id = ? AND n.category_id = p.category_id AND n.rank = 1
         WHERE p.run_id = ? AND p.rank = 1""")) {
      ps.setLong(1, runId);
      ps.setLong(2, currentRunId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long before = rs.getLong(1);
        long lost = rs.getLong(2);
        if (before > 0 && lost > options.maxCategoryLoss() * before) {
          throw new SalesRankException(String.format(java.util.Locale.ROOT,
              "refused: the new ranking lacks %d of the current ranking's %d categories (%.1f%%, more than"
                  + " --max-category-loss %s), which looks like truncated input; the previous ranking stays"
                  + " current. Check the input, or publish anyway with --force",
              lost, before, 100.0 * lost / before, options.maxCategoryLoss()));
        }
      }
    }
  }

  private static int markReplaced(Connection c, long runId, RankingManifest m) throws SQLException {
    RankingManifest.Policy p = m.policy();
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE ranking_run SET status = 'replaced'
         WHERE run_id <> ? AND status = 'published' AND hour = ? AND policy_kind = ?
           AND window_hours IS NOT DISTINCT FROM ? AND half_life_hours IS NOT DISTINCT FROM ?
           AND lookback_hours IS NOT DISTINCT FROM ?""")) {
      ps.setLong(1, runId);
      ps.setTimestamp(2, Timestamp.from(HourLayout.parseHour(m.hour())));
      ps.setString(3, p.kind());
      setNullable(ps, 4, p.windowHours(), Types.INTEGER);
      setNullable(ps, 5, p.halfLifeHours(), Types.DOUBLE);
      setNullable(ps, 6, p.lookbackHours(), Types.INTEGER);
      return ps.executeUpdate();
    }
  }

  /**
   * Removes replaced runs and published runs beyond the last {@code keepRuns} published, never the
   * current one, after the publish has committed, one run per transaction (readers never wait on a
   * DELETE). It takes the publish lock, so it never races a publish; a failure leaves the new
   * ranking published, is logged, and the rest is retried at the next publish.
   */
  private int applyRetention() {
    List<Long> expired = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement lock = c.createStatement()) {
      try (ResultSet rs = lock.executeQuery("SELECT pg_try_advisory_lock(" + PUBLISH_LOCK + ")")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          LOG.info("Another publish is under way; old runs are removed at the next one");
          return 0;
        }
      }
      try {
        try (PreparedStatement ps = c.prepareStatement("""
            SELECT r.run_id FROM ranking_run r
             WHERE r.run_id NOT IN (SELECT run_id FROM current_ranking)
               AND (r.status = 'replaced'
                    OR r.run_id NOT IN (SELECT run_id FROM ranking_run WHERE status = 'published'
                                         ORDER BY published_at DESC, run_id DESC LIMIT ?))
             ORDER BY r.run_id""")) {
          ps.setInt(1, options.keepRuns());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              expired.add(rs.getLong(1));
            }
          }
        }
        for (long runId : expired) {
          dropRun(c, runId);
        }
      } finally {
        lock.execute("SELECT pg_advisory_unlock(" + PUBLISH_LOCK + ")");
      }
      return expired.size();
    } catch (SQLException e) {
      LOG.warn("Removing old runs failed; it is retried at the next publish: {}", Database.rootMessage(e));
      return 0;
    }
  }

  private static void dropRun(Connection c, long runId) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM sales_rank WHERE run_id = " + runId);
      s.execute("DELETE FROM ranking_run WHERE run_id = " + runId);
      c.commit();
    } catch (SQLException e) {
      rollback(c);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }
}
