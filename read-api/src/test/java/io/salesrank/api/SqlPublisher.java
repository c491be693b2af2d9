package io.salesrank.api;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * Publishes a synthetic run with plain SQL, shaped as rank-loader leaves it (run row, its rows,
 * the current pointer, one transaction), so the API's tests need no Hadoop.
 */
final class SqlPublisher {

  private SqlPublisher() {
  }

  /** {@code categories} categories plus '*', {@code perCategory} rows each, units {@code base - rank}. */
  static long publish(DataSource db, Instant hour, int categories, int perCategory, long base) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      long runId;
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, span_hours, top_n, computed_at, published_at,
                                   status, row_count, category_count, lines_read, malformed_lines, outside_window,
                                   counted_lines, manifest)
          VALUES (?, ?, 'window', 168, 168, 100, ?, now(), 'published', ?, ?, 0, 0, 0, 0, '{}') RETURNING run_id""")) {
        ps.setTimestamp(1, Timestamp.from(hour));
        ps.setTimestamp(2, Timestamp.from(hour.plusSeconds(3600)));
        ps.setTimestamp(3, Timestamp.from(hour.plusSeconds(3600 + 372)));
        ps.setLong(4, (long) (categories + 1) * perCategory);
        ps.setInt(5, categories + 1);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          runId = rs.getLong(1);
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE sales_rank_r" + runId + " PARTITION OF sales_rank FOR VALUES IN (" + runId + ")");
        s.execute("INSERT INTO sales_rank (run_id, category_id, rank, product_id, total_sold, score)"
            + " SELECT " + runId + ", CASE WHEN c < 0 THEN '*' ELSE 'c' || c END, r, 'p' || r, " + base + " - r, "
            + base + " - r FROM generate_series(-1, " + (categories - 1) + ") c, generate_series(1, " + perCategory
            + ") r");
        s.execute("INSERT INTO current_ranking (singleton, run_id) VALUES (true, " + runId
            + ") ON CONFLICT (singleton) DO UPDATE SET run_id = EXCLUDED.run_id");
      }
      c.commit();
      return runId;
    }
  }
}
