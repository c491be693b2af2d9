package io.salesrank.api.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.salesrank.api.core.CategoryInfo;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RunInfo;
import io.salesrank.shared.Ids;

/**
 * The refresher's queries (the other is {@link HistoryDao}'s); like all of the API's, they need nothing
 * but SELECT.
 */
public final class RankingDao {

  /** PostgreSQL's "undefined table": the schema does not exist yet. */
  private static final String UNDEFINED_TABLE = "42P01";

  /**
   * What a refresh asks every interval, in one statement: the current run, the published runs it may
   * be compared with (every one from an hour before it back to the newest at or before 168 hours
   * before it, newest first, of two with the same as_of the one published last first), and the
   * suppression list. An unchanged database costs these few rows: the rows of a run are read only by
   * {@link #run} and {@link #pastRows} when a run is new to the replica, and the suppressed products
   * only when the list's digest differs from the one the replica holds. {@code %s} is the suppression
   * list's part, or none before the schema has it (version 5).
   */
  private static final String POLL = """
      WITH cur AS (SELECT r.run_id, r.as_of FROM current_ranking c JOIN ranking_run r ON r.run_id = c.run_id),
           oldest AS (SELECT max(r.as_of) AS as_of FROM ranking_run r, cur
                       WHERE r.status = 'published' AND r.as_of <= cur.as_of - interval '168 hours')
      SELECT 0 AS kind, cur.run_id, cur.as_of, NULL::bigint, NULL::text, NULL::timestamptz, NULL::bigint FROM cur
      UNION ALL
      SELECT 1, r.run_id, r.as_of, r.row_count, NULL, r.published_at, NULL
        FROM ranking_run r, cur, oldest
       WHERE r.status = 'published' AND r.as_of <= cur.as_of - interval '1 hour'
         AND r.as_of >= coalesce(oldest.as_of, cur.as_of - interval '168 hours')
      %s
      ORDER BY 1, 3 DESC, 6 DESC, 2 DESC""";

  /**
   * {@link #POLL} in a schema with named rankings (version 6): every name's current run and its
   * comparison runs (newest first within a name), and the stock list's version.
   */
  private static final String POLL_NAMED = """
      WITH cur AS (SELECT c.ranking_name, r.run_id, r.as_of
                     FROM current_ranking c JOIN ranking_run r ON r.run_id = c.run_id),
           oldest AS (SELECT cur.ranking_name,
                             (SELECT max(r.as_of) FROM ranking_run r
                               WHERE r.ranking_name = cur.ranking_name AND r.status = 'published'
                                 AND r.as_of <= cur.as_of - interval '168 hours') AS as_of
                        FROM cur)
      SELECT 0 AS kind, cur.run_id, cur.as_of, NULL::bigint, cur.ranking_name, NULL::timestamptz, NULL::bigint
        FROM cur
      UNION ALL
      SELECT 1, r.run_id, r.as_of, r.row_count, r.ranking_name, r.published_at, NULL
        FROM cur JOIN oldest ON oldest.ranking_name = cur.ranking_name
        JOIN ranking_run r ON r.ranking_name = cur.ranking_name
       WHERE r.status = 'published' AND r.as_of <= cur.as_of - interval '1 hour'
         AND r.as_of >= coalesce(oldest.as_of, cur.as_of - interval '168 hours')
      UNION ALL
      SELECT 4, version, NULL, NULL, NULL, NULL, NULL FROM product_stock_version
      %s
      ORDER BY 1, 5, 3 DESC, 6 DESC, 2 DESC""";

  /** In stock or not, for each product of {@code runs} the stock list names. */
  private static final String STOCK = """
      SELECT s.product_id, s.in_stock FROM product_stock s
       WHERE s.product_id IN (SELECT product_id FROM sales_rank WHERE run_id = ANY (?))""";

  private static final String SUPPRESSION_DIGEST =
      "(SELECT md5(coalesce(string_agg(product_id, ' ' ORDER BY product_id), '')) FROM product_suppression)";

  /** The list's digest, and its products when the digest is not the parameter (the one held). */
  private static final String SUPPRESSED = """
      UNION ALL
      SELECT 2, NULL, NULL, NULL, %1$s, NULL, NULL
      UNION ALL
      SELECT 3, NULL, NULL, NULL, product_id, NULL, NULL FROM product_suppression WHERE %1$s <> ?
      """.formatted(SUPPRESSION_DIGEST);

  /**
   * A run: its policy and rules, its rows (in category then rank order) and its categories' parents and
   * spans, in one statement so that they come from one snapshot of the database. The row count comes
   * along so that a snapshot is only ever swapped in whole. A run published before its categories were
   * stored has none: its rows come with null parent and span.
   */
  private static final String RUN = """
      SELECT r.run_id, r.as_of, r.computed_at, r.policy_kind, r.window_hours, r.half_life_hours,
             r.lookback_hours, r.row_count, r.metric, r.category_tree_sha256 IS NOT NULL,
             s.category_id, s.rank, s.product_id, s.total_sold, s.score, rc.parent_id, rc.span_hours, %s,
             %s
        FROM ranking_run r
        LEFT JOIN sales_rank s ON s.run_id = r.run_id
        LEFT JOIN ranking_category rc ON rc.run_id = s.run_id AND rc.category_id = s.category_id
       WHERE r.run_id = ?
       ORDER BY s.category_id, s.rank""";

  /**
   * {@link #RUN} in a schema the loader has not yet migrated to the ranking rules (version 4): the
   * API may be deployed first. Its runs counted units, used no tree and never fell back.
   */
  private static final String RUN_BEFORE_RULES = """
      SELECT r.run_id, r.as_of, r.computed_at, r.policy_kind, r.window_hours, r.half_life_hours,
             r.lookback_hours, r.row_count, 'units', false,
             s.category_id, s.rank, s.product_id, s.total_sold, s.score, NULL, NULL, 'default', %s
        FROM ranking_run r
        LEFT JOIN sales_rank s ON s.run_id = r.run_id
       WHERE r.run_id = ?
       ORDER BY s.category_id, s.rank""";

  /**
   * A trend's hours and minimum, from the manifest every run keeps (so a schema the loader has not yet
   * migrated reads them alike).
   */
  private static final String TREND = "(r.manifest->'policy'->>'trend_hours')::integer,"
      + " (r.manifest->'policy'->>'min_units')::bigint";

  /** What a comparison needs of past runs: rank and total, nothing else. */
  private static final String PAST_ROWS = """
      SELECT run_id, category_id, rank, product_id, total_sold FROM sales_rank
       WHERE run_id = ANY (?) ORDER BY run_id, category_id, rank""";

  private static final String SCHEMA = "SELECT to_regclass('ranking_category') IS NOT NULL,"
      + " to_regclass('product_suppression') IS NOT NULL, to_regclass('product_stock') IS NOT NULL";

  /** A published run as the poll names it: id, as_of and (for a past run) its stored row count. */
  public record RunRef(long runId, Instant asOf, long rowCount) {
  }

  /** What the database holds now. */
  public sealed interface Poll {
    /** Nothing published yet, or no schema yet. */
    record Nothing() implements Poll {
    }

    /**
     * Each name's current run and the runs it may be compared with; the suppressed products; and the
     * stock list's version (-1 before the schema has one).
     */
    record Published(SortedMap<String, Named> rankings, Set<String> suppressed, long stockVersion) implements Poll {
    }
  }

  /** A name's current run, and its published runs it may be compared with, newest first. */
  public record Named(RunRef current, List<RunRef> past) {
  }

  /** A run as loaded: rows in category then rank order, and its categories' parents and spans. */
  public record LoadedRun(RunInfo run, List<RankingRow> rows, Map<String, CategoryInfo> categories) {
  }

  private final DataSource db;
  /**
   * Whether the schema has the ranking rules (version 4), the suppression list (5), and named rankings and
   * the stock list (6); once it has, it keeps them.
   */
  private volatile boolean schemaHasRules;
  private volatile boolean schemaHasSuppression;
  private volatile boolean schemaHasNames;
  /** The suppression list last read and its digest; {@link #poll} has one caller at a time, the refresher. */
  private Set<String> suppressed = Set.of();
  private String suppressionDigest = "";

  public RankingDao(DataSource db) {
    this.db = db;
  }

  /** The refresh's one query. */
  public Poll poll() throws SQLException {
    try (Connection c = db.getConnection()) {
      if (!schemaHasNames) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SCHEMA)) {
          rs.next();
          schemaHasRules = rs.getBoolean(1);
          schemaHasSuppression = rs.getBoolean(2);
          schemaHasNames = rs.getBoolean(3);
        }
      }
      boolean withSuppression = schemaHasSuppression;
      String poll = (schemaHasNames ? POLL_NAMED : POLL).formatted(withSuppression ? SUPPRESSED : "");
      try (PreparedStatement ps = c.prepareStatement(poll)) {
        if (withSuppression) {
          ps.setString(1, suppressionDigest);
        }
        SortedMap<String, RunRef> current = new TreeMap<>();
        Map<String, List<RunRef>> past = new HashMap<>();
        String digest = null;
        long stockVersion = -1;
        Set<String> listed = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            // Before names, the one ranking is "default".
            String name = rs.getString(5) == null ? Ids.DEFAULT_RANKING : rs.getString(5);
            switch (rs.getInt(1)) {
              case 0 -> current.put(name, new RunRef(rs.getLong(2), rs.getTimestamp(3).toInstant(), -1));
              case 1 -> past.computeIfAbsent(name, n -> new ArrayList<>())
                  .add(new RunRef(rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getLong(4)));
              case 2 -> digest = rs.getString(5);
              case 3 -> listed.add(rs.getString(5));
              default -> stockVersion = rs.getLong(2);
            }
          }
        }
        if (digest != null && !digest.equals(suppressionDigest)) {
          suppressed = Set.copyOf(listed);
          suppressionDigest = digest;
        }
        if (current.isEmpty()) {
          return new Poll.Nothing();
        }
        SortedMap<String, Named> rankings = new TreeMap<>();
        current.forEach((name, run) -> rankings.put(name, new Named(run, past.getOrDefault(name, List.of()))));
        return new Poll.Published(rankings, suppressed, stockVersion);
      }
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return new Poll.Nothing();
      }
      throw e;
    }
  }

  /** Run {@code runId} whole, for the snapshot. */
  public LoadedRun run(long runId) throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement ps = c.prepareStatement(
             schemaHasRules ? RUN.formatted(schemaHasNames ? "r.ranking_name" : "'default'", TREND)
                 : RUN_BEFORE_RULES.formatted(TREND))) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("run " + runId + " is gone; the next refresh follows the current one");
        }
        RunInfo run = new RunInfo(runId, rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
            new RankingPolicy(rs.getString(4), (Integer) rs.getObject(5), (Double) rs.getObject(6),
                (Integer) rs.getObject(7), (Integer) rs.getObject(19), (Long) rs.getObject(20), rs.getString(9), false),
            rs.getBoolean(10), rs.getString(18));
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
        checkComplete(runId, rows.size(), expected);
        return new LoadedRun(run, rows, categories);
      }
    }
  }

  /**
   * The rows of the past runs {@code runs} (rank and total only; score 0), by run id. A run removed by
   * retention since the poll fails the refresh: the next poll no longer names it.
   */
  public Map<Long, List<RankingRow>> pastRows(List<RunRef> runs) throws SQLException {
    Map<Long, List<RankingRow>> rows = new HashMap<>();
    Long[] ids = new Long[runs.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = runs.get(i).runId();
      rows.put(ids[i], new ArrayList<>());
    }
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(PAST_ROWS)) {
      ps.setArray(1, c.createArrayOf("bigint", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.get(rs.getLong(1)).add(new RankingRow(rs.getString(2), rs.getInt(3), rs.getString(4), rs.getLong(5), 0));
        }
      }
    }
    for (RunRef run : runs) {
      checkComplete(run.runId(), rows.get(run.runId()).size(), run.rowCount());
    }
    return rows;
  }

  private static void checkComplete(long runId, int rows, long expected) throws SQLException {
    if (rows != expected) {
      // A run's rows are committed before it is published; fewer means retention removed it meanwhile.
      throw new SQLException("run " + runId + " returned " + rows + " rows, its run says " + expected
          + "; keeping the ranking already loaded");
    }
  }

  /** In stock or not, for each product of the runs {@code runIds} that the stock list names. */
  public Map<String, Boolean> stock(List<Long> runIds) throws SQLException {
    Map<String, Boolean> inStock = new HashMap<>();
    if (!schemaHasNames) {
      return inStock;
    }
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(STOCK)) {
      ps.setArray(1, c.createArrayOf("bigint", runIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          inStock.put(rs.getString(1), rs.getBoolean(2));
        }
      }
    }
    return inStock;
  }

  /** Whether the schema has named rankings (version 6), as the last poll found it. */
  public boolean schemaHasNames() {
    return schemaHasNames;
  }

  /** Throws unless the database answers. */
  public void ping() throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
  }
}
