package io.salesrank.api.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.salesrank.api.core.CategoryInfo;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RunInfo;

/** The API's only queries; it needs nothing but SELECT. */
public final class RankingDao {

  /** PostgreSQL's "undefined table": the schema does not exist yet. */
  private static final String UNDEFINED_TABLE = "42P01";

  /**
   * The current run, and its rows only when it is not {@code knownRunId}: one statement, so the
   * pointer, the rows and their categories' parents and spans come from one snapshot of the database,
   * and an unchanged ranking costs one row. The run's row count comes along so that a snapshot is only
   * ever swapped in whole. A run published before its categories were stored has none: its rows
   * come with null parent and span.
   */
  private static final String CURRENT = """
      SELECT r.run_id, r.as_of, r.computed_at, r.policy_kind, r.window_hours, r.half_life_hours,
             r.lookback_hours, r.row_count, r.metric, r.category_tree_sha256 IS NOT NULL,
             s.category_id, s.rank, s.product_id, s.total_sold, s.score, rc.parent_id, rc.span_hours
        FROM current_ranking c
        JOIN ranking_run r ON r.run_id = c.run_id
        LEFT JOIN sales_rank s ON s.run_id = c.run_id AND c.run_id <> ?
        LEFT JOIN ranking_category rc ON rc.run_id = s.run_id AND rc.category_id = s.category_id
       ORDER BY s.category_id, s.rank""";

  /**
   * {@link #CURRENT} in a schema the loader has not yet migrated to the ranking rules (version 4): the
   * API may be deployed first. Its runs counted units, used no tree and never fell back.
   */
  private static final String CURRENT_BEFORE_RULES = """
      SELECT r.run_id, r.as_of, r.computed_at, r.policy_kind, r.window_hours, r.half_life_hours,
             r.lookback_hours, r.row_count, 'units', false,
             s.category_id, s.rank, s.product_id, s.total_sold, s.score, NULL, NULL
        FROM current_ranking c
        JOIN ranking_run r ON r.run_id = c.run_id
        LEFT JOIN sales_rank s ON s.run_id = c.run_id AND c.run_id <> ?
       ORDER BY s.category_id, s.rank""";

  private static final String HAS_RULES = "SELECT to_regclass('ranking_category') IS NOT NULL";

  /** What the database holds now. */
  public sealed interface Current {
    /** Nothing published yet, or no schema yet. */
    record Nothing() implements Current {
    }

    /** The current run is the one already held. */
    record Unchanged() implements Current {
    }

    /**
     * A different run is current: here it is, rows in category then rank order, and the parent and
     * span of each of its categories (none for a run published before they were stored).
     */
    record Changed(RunInfo run, List<RankingRow> rows, Map<String, CategoryInfo> categories) implements Current {
    }
  }

  private final DataSource db;
  /** Whether the schema has the ranking rules; once it has, it keeps them. */
  private volatile boolean schemaHasRules;

  public RankingDao(DataSource db) {
    this.db = db;
  }

  public Current current(long knownRunId) throws SQLException {
    try (Connection c = db.getConnection()) {
      if (!schemaHasRules) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(HAS_RULES)) {
          rs.next();
          schemaHasRules = rs.getBoolean(1);
        }
      }
      return current(c, schemaHasRules ? CURRENT : CURRENT_BEFORE_RULES, knownRunId);
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return new Current.Nothing();
      }
      throw e;
    }
  }

  private static Current current(Connection c, String sql, long knownRunId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, knownRunId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return new Current.Nothing();
        }
        long runId = rs.getLong(1);
        if (runId == knownRunId) {
          return new Current.Unchanged();
        }
        RunInfo run = new RunInfo(runId, rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
            new RankingPolicy(rs.getString(4), (Integer) rs.getObject(5), (Double) rs.getObject(6),
                (Integer) rs.getObject(7), rs.getString(9), false), rs.getBoolean(10));
        long expected = rs.getLong(8);
        List<RankingRow> rows = new ArrayList<>();
        Map<String, CategoryInfo> categories = new HashMap<>();
        String category = null;
        do {
          if (rs.getString(11) != null) {
            RankingRow row = new RankingRow(rs.getString(11), rs.getInt(12), rs.getString(13), rs.getLong(14),
                rs.getDouble(15));
            rows.add(row);
            // Rows come by category: its parent and span once, from its first row.
            if (!row.categoryId().equals(category)) {
              category = row.categoryId();
              Integer span = (Integer) rs.getObject(17);
              if (span != null) {
                categories.put(category, new CategoryInfo(rs.getString(16), span));
              }
            }
          }
        } while (rs.next());
        if (rows.size() != expected) {
          // Never expected (a run's rows are committed before it becomes current); never served.
          throw new SQLException("run " + runId + " returned " + rows.size() + " rows, its run says " + expected
              + "; keeping the ranking already loaded");
        }
        return new Current.Changed(run, rows, categories);
      }
    }
  }

  /** Throws unless the database answers. */
  public void ping() throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }
}
