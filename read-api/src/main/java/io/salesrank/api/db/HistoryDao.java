package io.salesrank.api.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import io.salesrank.api.core.RankHistory;

/**
 * Reads a product's history from the kept published rankings: one statement over the runs in the span
 * (their rows found by the {@code (run_id, product_id)} index), each rank closed up by the suppressed
 * products ranked above it in that run's list. The servlet caches the answers.
 */
public final class HistoryDao implements RankHistory {

  private static final String HISTORY = """
      SELECT run.as_of,
             s.rank - (SELECT count(*) FROM sales_rank x
                        WHERE x.run_id = s.run_id AND x.product_id = ANY (?) AND x.category_id = s.category_id
                          AND x.rank < s.rank),
             s.total_sold, s.score
        FROM ranking_run run
        LEFT JOIN sales_rank s ON s.run_id = run.run_id AND s.product_id = ? AND s.category_id = ?
       WHERE run.status = 'published' AND run.as_of BETWEEN ? AND ? AND %s
       ORDER BY run.as_of, run.published_at, run.run_id""";

  private final DataSource db;
  private final BooleanSupplier named;

  /** @param named whether the schema has named rankings (before it, every run is the ranking default) */
  public HistoryDao(DataSource db, BooleanSupplier named) {
    this.db = db;
    this.named = named;
  }

  @Override
  public List<Point> history(String name, String productId, String categoryId, Instant asOf, int hours,
      Set<String> suppressed) throws SQLException {
    List<Point> points = new ArrayList<>();
    boolean byName = named.getAsBoolean();
    try (Connection c = db.getConnection();
         PreparedStatement ps = c.prepareStatement(HISTORY.formatted(byName ? "run.ranking_name = ?" : "true"))) {
      ps.setArray(1, c.createArrayOf("text", suppressed.toArray()));
      ps.setString(2, productId);
      ps.setString(3, categoryId);
      ps.setTimestamp(4, Timestamp.from(asOf.minus(Duration.ofHours(hours))));
      ps.setTimestamp(5, Timestamp.from(asOf));
      if (byName) {
        ps.setString(6, name);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          points.add(new Point(rs.getTimestamp(1).toInstant(), rs.getObject(2) == null ? null : rs.getInt(2),
              (Long) rs.getObject(3), (Double) rs.getObject(4)));
        }
      }
    }
    return points;
  }
}
