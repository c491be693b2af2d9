package io.salesrank.loader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.salesrank.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a publish removes once it has committed: old, replaced and abandoned runs with their partitions
 * and categories.
 */
final class Retention {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  /** The hours before the current {@code as_of} whose rankings are all kept (docs/publishing.md). */
  static final int WHOLE_HOURS = 24;

  private final DataSource db;
  private final int keepHours;
  private final Duration lockTimeout;

  Retention(DataSource db, int keepHours, Duration lockTimeout) {
    this.db = db;
    this.keepHours = keepHours;
    this.lockTimeout = lockTimeout;
  }

  /**
   * Removes, never a current run and after the publish has committed: replaced runs, runs left
   * {@code loading} by a publish that died, published runs more than {@code keepHours} older than
   * the current {@code as_of} of their name, and, of those more than {@link #WHOLE_HOURS} older, all
   * but the last of each hour of that name. A run's hour is the one its {@code as_of} falls in, {@code (hour, hour + 1h]} (the
   * hour of its ranking directory), so the run as of the end of an hour outlives that hour's
   * refreshes. The list is taken under the publish lock (so no publish is under way and every
   * {@code loading} run is abandoned); each run's partition is then detached concurrently, which
   * readers never wait on, and dropped. A failure leaves the new ranking published, is logged, and
   * the rest is retried at the next publish.
   */
  int apply() {
    List<Long> expired = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      if (!PublishLock.tryLock(c)) {
        LOG.info("Another publish is under way; old runs are removed at the next one");
        return 0;
      }
      // Ages are compared as intervals: as_of minus a huge --keep-hours would leave timestamptz's range.
      try (PreparedStatement ps = c.prepareStatement("""
          WITH current_run AS (
              SELECT c.ranking_name, run.as_of FROM current_ranking c JOIN ranking_run run ON run.run_id = c.run_id)
          SELECT r.run_id FROM ranking_run r LEFT JOIN current_run ON current_run.ranking_name = r.ranking_name
           WHERE r.run_id NOT IN (SELECT run_id FROM current_ranking)
             AND (r.status IN ('replaced', 'loading')
                  OR current_run.as_of - r.as_of > make_interval(hours => ?)
                  OR (current_run.as_of - r.as_of > make_interval(hours => ?)
                      AND EXISTS (SELECT 1 FROM ranking_run later
                                   WHERE later.status = 'published' AND later.ranking_name = r.ranking_name
                                     AND later.hour = r.hour
                                     AND (later.as_of, later.published_at, later.run_id)
                                         > (r.as_of, r.published_at, r.run_id))))
           ORDER BY r.run_id""")) {
        ps.setInt(1, keepHours);
        ps.setInt(2, WHOLE_HOURS);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            expired.add(rs.getLong(1));
          }
        }
      } finally {
        PublishLock.unlock(c);
      }
      try (Statement s = c.createStatement()) {
        // DETACH ... CONCURRENTLY waits for transactions that may still read the partition; a long
        // analyst query must not hold the loader (and the hourly workflow) hostage. What times out
        // is retried at the next publish (an interrupted detach is finalised then).
        s.execute("SET lock_timeout = " + lockTimeout.toMillis());
        int dropped = 0;
        try {
          for (long runId : expired) {
            dropRun(c, runId);
            dropped++;
          }
        } finally {
          s.execute("RESET lock_timeout");
        }
        return dropped;
      }
    } catch (SQLException e) {
      LOG.warn("Removing old runs failed; it is retried at the next publish: {}", Messages.rootMessage(e));
      return 0;
    }
  }

  /**
   * Detaches (concurrently, in autocommit) and drops a run's partition, then deletes the run, and with
   * it (ON DELETE CASCADE) its {@code ranking_category} rows.
   */
  static void dropRun(Connection c, long runId) throws SQLException {
    String table = PublishSql.partition(runId);
    try (Statement s = c.createStatement()) {
      Boolean detachPending = null;
      try (ResultSet rs = s.executeQuery(
          "SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = to_regclass('" + table + "')")) {
        if (rs.next()) {
          detachPending = rs.getBoolean(1);
        }
      }
      if (Boolean.TRUE.equals(detachPending)) {
        // An earlier detach was interrupted between its two transactions.
        s.execute("ALTER TABLE sales_rank DETACH PARTITION " + table + " FINALIZE");
      } else if (detachPending != null) {
        s.execute("ALTER TABLE sales_rank DETACH PARTITION " + table + " CONCURRENTLY");
      }
      s.execute("DROP TABLE IF EXISTS " + table);
      s.execute("DELETE FROM ranking_run WHERE run_id = " + runId);
    }
  }
}
