package io.salesrank.api.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RunInfo;

/** The API's only queries; it needs nothing but SELECT. */
public final class RankingDao {

  /** PostgreSQL's "undefined table": the schema does not exist yet. */
  private static final String UNDEFINED_TABLE = "42P01";

  /**
   * The current run, and its rows only when it is not {@code knownRunId}: one statement, so the
   * pointer and the rows come from one snapshot of the database, and an unchanged ranking costs
   * one row. The run's row count comes along so that a snapshot is only ever swapped in whole.
   */
  private static final String CURRENT = """
      SELECT r.run_id, r.as_of, r.computed_at, r.policy_kind, r.window_hours, r.half_life_hours,
             r.lookback_hours, r.row_count, s.category_id, s.rank, s.product_id, s.total_sold, s.score
        FROM current_ranking c
        JOIN ranking_run r ON r.run_id = c.run_id
        LEFT JOIN sales_rank s ON s.run_id = c.run_id AND c.run_id <> ?
       ORDER BY s.category_id, s.rank""";

  /** What the database holds now. */
  public sealed interface Current {
    /** Nothing published yet, or no schema yet. */
    record Nothing() implements Current {
    }

    /** The current run is the one already held. */
    record Unchanged() implements Current {
    }

    /** A different run is current: here it is, rows in category then rank order. */
    record Changed(RunInfo run, List<RankingRow> rows) implements Current {
    }
  }

  private final DataSource db;

  public RankingDao(DataSource db) {
    this.db = db;
  }

  public Current current(long knownRunId) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(CURRENT)) {
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
            new RankingPolicy(rs.getString(4), (Integer) rs.getObject(5), (Double) rs.getObject(6), (Integer) rs.getObject(7)));
        long expected = rs.getLong(8);
        List<RankingRow> rows = new ArrayList<>();
        do {
          if (rs.getString(9) != null) {
            rows.add(new RankingRow(rs.getString(9), rs.getInt(10), rs.getString(11), rs.getLong(12), rs.getDouble(13)));
          }
        } while (rs.next());
        if (rows.size() != expected) {
          // Never expected (a run's rows are committed before it becomes current); never served.
          throw new SQLException("run " + runId + " returned " + rows.size() + " rows, its run says " + expected
              + "; keeping the ranking already loaded");
        }
        return new Current.Changed(run, rows);
      }
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return new Current.Nothing();
      }
      throw e;
    }
  }

  /** Throws unless the database answers. */
  public void ping() throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }
}
