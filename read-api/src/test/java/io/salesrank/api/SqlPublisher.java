package io.salesrank.api;

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
import java.util.Map;
import java.util.TreeSet;

import javax.sql.DataSource;

import io.salesrank.shared.Ids;

/**
 * Publishes a synthetic run with plain SQL, shaped as rank-loader leaves it (run row, its rows, its
 * categories, the current pointer, one transaction), so the API's tests need no Hadoop.
 */
final class SqlPublisher {

  /**
   * How a run was ranked: by {@code kind} ({@code window}, or {@code decay} with a half-life of 24
   * hours) over {@code spanHours}, counting {@code metric}; with a category tree when {@code parents}
   * (category to parent) is not null; each category in {@code fallbacks} ranked over the span given
   * there instead.
   */
  record Rules(String kind, int spanHours, String metric, Map<String, String> parents, Map<String, Integer> fallbacks) {
  }

  private SqlPublisher() {
  }

  /**
   * {@code categories} categories plus '*', {@code perCategory} rows each, units {@code base - rank},
   * by a 168-hour window, as a loader that predates the ranking rules stores a run (no rules, no
   * categories): it needs nothing of the schema beyond version 3.
   */
  static long publish(DataSource db, Instant hour, int categories, int perCategory, long base) throws SQLException {
    return publish(db, hour, categories, perCategory, base, null);
  }

  /** As {@link #publish(DataSource, Instant, int, int, long)}, ranked by {@code rules} (null: none stored). */
  static long publish(DataSource db, Instant hour, int categories, int perCategory, long base, Rules rules)
      throws SQLException {
    return publish(db, Ids.DEFAULT_RANKING, hour, categories, perCategory, base, rules);
  }

  /** As {@link #publish(DataSource, Instant, int, int, long, Rules)}, as the ranking named {@code name}. */
  static long publish(DataSource db, String name, Instant hour, int categories, int perCategory, long base,
      Rules rules) throws SQLException {
    String kind = rules == null ? "window" : rules.kind();
    int span = rules == null ? 168 : rules.spanHours();
    boolean window = kind.equals("window");
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      long runId;
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, half_life_hours, lookback_hours,
                                   span_hours, top_n, computed_at, published_at, status, row_count, category_count,
                                   lines_read, malformed_lines, outside_window, counted_lines, manifest)
          VALUES (?, ?, ?, ?, ?, ?, ?, 100, ?, now(), 'published', ?, ?, 0, 0, 0, 0, '{}') RETURNING run_id""")) {
        ps.setTimestamp(1, Timestamp.from(hour));
        ps.setTimestamp(2, Timestamp.from(hour.plusSeconds(3600)));
        ps.setString(3, kind);
        ps.setObject(4, window ? span : null, Types.INTEGER);
        ps.setObject(5, window ? null : 24.0, Types.DOUBLE);
        ps.setObject(6, window ? null : span, Types.INTEGER);
        ps.setInt(7, span);
        ps.setTimestamp(8, Timestamp.from(hour.plusSeconds(3600 + 372)));
        ps.setLong(9, (long) (categories + 1) * perCategory);
        ps.setInt(10, categories + 1);
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
      }
      if (rules != null) {
        storeRules(c, runId, categories, rules);
      }
      makeCurrent(c, name, runId);
      c.commit();
      return runId;
    }
  }

  /**
   * Publishes a run as of {@code asOf} (its hour an hour earlier) with the lists given: each category's
   * products in rank order, product at rank r selling {@code 1000 - r}.
   */
  static long publishLists(DataSource db, Instant asOf, Map<String, List<String>> lists) throws SQLException {
    int rows = lists.values().stream().mapToInt(List::size).sum();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      long runId;
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, span_hours, top_n, computed_at,
                                   published_at, status, row_count, category_count, lines_read, malformed_lines,
                                   outside_window, counted_lines, manifest)
          VALUES (?, ?, 'window', 168, 168, 100, ?, now(), 'published', ?, ?, 0, 0, 0, 0, '{}') RETURNING run_id""")) {
        ps.setTimestamp(1, Timestamp.from(asOf.minusSeconds(3600)));
        ps.setTimestamp(2, Timestamp.from(asOf));
        ps.setTimestamp(3, Timestamp.from(asOf.plusSeconds(300)));
        ps.setLong(4, rows);
        ps.setInt(5, lists.size());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          runId = rs.getLong(1);
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE sales_rank_r" + runId + " PARTITION OF sales_rank FOR VALUES IN (" + runId + ")");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sales_rank VALUES (?, ?, ?, ?, ?, ?)")) {
        for (Map.Entry<String, List<String>> e : lists.entrySet()) {
          for (int r = 1; r <= e.getValue().size(); r++) {
            ps.setLong(1, runId);
            ps.setString(2, e.getKey());
            ps.setInt(3, r);
            ps.setString(4, e.getValue().get(r - 1));
            ps.setLong(5, 1000 - r);
            ps.setDouble(6, 1000 - r);
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      // The newest as_of is current (docs/cli.md): a backfill joins the history only.
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT run_id FROM ranking_run"
          + " WHERE status = 'published' ORDER BY as_of DESC, published_at DESC, run_id DESC LIMIT 1")) {
        rs.next();
        makeCurrent(c, Ids.DEFAULT_RANKING, rs.getLong(1));
      }
      c.commit();
      return runId;
    }
  }

  /**
   * Points the current ranking of {@code name} at {@code runId}: one row per name in a schema with names
   * (version 6), the single row before it (where only {@code default} can be published).
   */
  private static void makeCurrent(Connection c, String name, long runId) throws SQLException {
    boolean named;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT to_regclass('product_stock') IS NOT NULL")) {
      rs.next();
      named = rs.getBoolean(1);
    }
    if (named) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE ranking_run SET ranking_name = ? WHERE run_id = ?")) {
        ps.setString(1, name);
        ps.setLong(2, runId);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(named
        ? "INSERT INTO current_ranking (ranking_name, run_id) VALUES (?, ?)"
            + " ON CONFLICT (ranking_name) DO UPDATE SET run_id = EXCLUDED.run_id"
        : "INSERT INTO current_ranking (singleton, run_id) VALUES (true, ?)"
            + " ON CONFLICT (singleton) DO UPDATE SET run_id = EXCLUDED.run_id")) {
      int i = 1;
      if (named) {
        ps.setString(i++, name);
      }
      ps.setLong(i, runId);
      ps.executeUpdate();
    }
  }

  /** Replaces the stock list, as {@code salesrank stock set} does: {@code in_stock} by product. */
  static void setStock(DataSource db, Map<String, Boolean> stock) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM product_stock");
        s.execute("UPDATE product_stock_version SET version = version + 1, updated_at = now()");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO product_stock (product_id, in_stock) VALUES (?, ?)")) {
        for (Map.Entry<String, Boolean> e : stock.entrySet()) {
          ps.setString(1, e.getKey());
          ps.setBoolean(2, e.getValue());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
  }

  private static void storeRules(Connection c, long runId, int categories, Rules rules) throws SQLException {
    TreeSet<Integer> fallbackHours = new TreeSet<>(rules.fallbacks().values());
    try (PreparedStatement ps = c.prepareStatement("UPDATE ranking_run SET metric = ?, min_products = ?,"
        + " fallback_hours = ?, category_tree_sha256 = ? WHERE run_id = ?")) {
      ps.setString(1, rules.metric());
      ps.setInt(2, fallbackHours.isEmpty() ? 0 : 5);
      ps.setArray(3, fallbackHours.isEmpty() ? null : c.createArrayOf("integer", fallbackHours.toArray()));
      ps.setString(4, rules.parents() == null ? null : "sha256-of-the-test-tree");
      ps.setLong(5, runId);
      ps.executeUpdate();
    }
    List<String> ids = new ArrayList<>(List.of("*"));
    for (int i = 0; i < categories; i++) {
      ids.add("c" + i);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO ranking_category VALUES (?, ?, ?, ?)")) {
      for (String id : ids) {
        ps.setLong(1, runId);
        ps.setString(2, id);
        ps.setString(3, rules.parents() == null ? null : rules.parents().get(id));
        ps.setInt(4, rules.fallbacks().getOrDefault(id, rules.spanHours()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
