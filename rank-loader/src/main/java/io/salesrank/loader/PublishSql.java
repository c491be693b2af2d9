package io.salesrank.loader;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Messages;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every statement of a publish ({@link RankingPublisher}) and of retention's partition names, in one
 * place: the run's row, its partition (created, filled by COPY, attached), its categories, and the
 * status and pointer changes of the second transaction.
 */
final class PublishSql {

  private static final Logger LOG = LoggerFactory.getLogger(PublishSql.class);

  /** The current ranking's run. */
  record CurrentRun(long runId, Instant asOf) {
  }

  private PublishSql() {
  }

  /** The table holding run {@code runId}'s rows: its partition of {@code sales_rank}. */
  static String partition(long runId) {
    return "sales_rank_r" + runId;
  }

  /** The run's partition, not yet attached; the CHECK spares ATTACH a scan proving every row belongs. */
  static void createPartition(Connection c, long runId) throws SQLException {
    String table = partition(runId);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + table + " (LIKE sales_rank INCLUDING DEFAULTS INCLUDING CONSTRAINTS,"
          + " CONSTRAINT " + table + "_run CHECK (run_id = " + runId + "))");
    }
  }

  /** Attaches the filled partition, which builds its indexes from the sorted rows in one pass each. */
  static void attachPartition(Connection c, long runId) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL maintenance_work_mem = '256MB'");
      s.execute("ALTER TABLE sales_rank ATTACH PARTITION " + partition(runId) + " FOR VALUES IN (" + runId + ")");
    }
  }

  static void markPublished(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE ranking_run SET status = 'published', published_at = now() WHERE run_id = ?")) {
      ps.setLong(1, runId);
      ps.executeUpdate();
    }
  }

  /** Moves the current pointer of the ranking {@code name} to {@code runId}. */
  static void makeCurrent(Connection c, String name, long runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO current_ranking (ranking_name, run_id) VALUES (?, ?)
        ON CONFLICT (ranking_name) DO UPDATE SET run_id = EXCLUDED.run_id""")) {
      ps.setString(1, name);
      ps.setLong(2, runId);
      ps.executeUpdate();
    }
  }

  /** The categories of run {@code runId}: its rank-1 rows, read through the primary key of its partition. */
  static List<String> categoriesOf(Connection c, long runId) throws SQLException {
    List<String> categories = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT category_id FROM sales_rank WHERE run_id = ? AND rank = 1")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          categories.add(rs.getString(1));
        }
      }
    }
    return categories;
  }

  /** The current run of the ranking {@code name}; null before its first publish. */
  static CurrentRun currentRun(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT run.run_id, run.as_of FROM current_ranking c"
        + " JOIN ranking_run run ON run.run_id = c.run_id WHERE c.ranking_name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new CurrentRun(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()) : null;
      }
    }
  }

  static long insertRun(Connection c, RankingDirectory ranking) throws SQLException {
    RankingManifest m = ranking.manifest();
    RankingManifest.Policy p = m.policy();
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, half_life_hours, lookback_hours,
                                 span_hours, top_n, computed_at, published_at, status, row_count,
                                 category_count, lines_read, malformed_lines, outside_window, counted_lines,
                                 manifest, metric, min_products, fallback_hours, category_tree_sha256,
                                 ranking_name, product_parent_sha256, trend_hours, trend_min_units)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), 'loading', ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?,
                ?, ?)
        RETURNING run_id""")) {
      ps.setObject(1, utc(HourLayout.parseHour(m.hour())));
      ps.setObject(2, utc(Instant.parse(m.asOf())));
      ps.setString(3, p.kind());
      setNullable(ps, 4, p.windowHours(), Types.INTEGER);
      setNullable(ps, 5, p.halfLifeHours(), Types.DOUBLE);
      setNullable(ps, 6, p.lookbackHours(), Types.INTEGER);
      // The policy's span, the window, the decay's lookback or the trend's recent hours; a sparse
      // category's is in ranking_category.
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
      ps.setString(21, m.nameOrDefault());
      ps.setString(22, m.productParent() == null ? null : m.productParent().sha256());
      setNullable(ps, 23, p.trendHours(), Types.INTEGER);
      setNullable(ps, 24, p.minUnits(), Types.BIGINT);
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
  static void insertCategories(Connection c, long runId, RankingDirectory ranking, Set<String> categoryIds)
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
   * Streams the checked rows into the run's partition as written: its {@code run_id} column defaults to
   * the run, so the files' bytes go to COPY unchanged.
   */
  static RankingDirectory.Totals copyRows(Connection c, long runId, RankingDirectory ranking)
      throws SQLException, IOException {
    String table = partition(runId);
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
   * Marks the published runs of the same name, {@code as_of} and ranking options (policy, metric,
   * fallback rules, category tree, product parents) as the staged run replaced: a re-run supersedes
   * them. Its {@code --top} is not an option that makes another ranking.
   */
  static int markReplaced(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        UPDATE ranking_run old SET status = 'replaced'
          FROM ranking_run new
         WHERE new.run_id = ? AND old.run_id <> new.run_id AND old.status = 'published'
           AND old.ranking_name = new.ranking_name AND old.as_of = new.as_of AND old.policy_kind = new.policy_kind
           AND (old.window_hours, old.half_life_hours, old.lookback_hours, old.trend_hours, old.trend_min_units,
                old.metric, old.min_products, old.fallback_hours, old.category_tree_sha256,
                old.product_parent_sha256)
               IS NOT DISTINCT FROM
               (new.window_hours, new.half_life_hours, new.lookback_hours, new.trend_hours, new.trend_min_units,
                new.metric, new.min_products, new.fallback_hours, new.category_tree_sha256,
                new.product_parent_sha256)""")) {
      ps.setLong(1, runId);
      return ps.executeUpdate();
    }
  }
}
