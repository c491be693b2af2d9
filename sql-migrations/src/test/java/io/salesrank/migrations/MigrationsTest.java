package io.salesrank.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import io.salesrank.shared.Migrations;
import io.salesrank.testing.MigratedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Migrates a fresh real PostgreSQL and databases of earlier releases, and lints the schema. */
class MigrationsTest {

  /** A fresh database, migrated by the test itself (the first migration is under test). */
  @RegisterExtension
  static final MigratedPostgres PG = MigratedPostgres.empty();

  static DataSource db;
  static MigrateResult first;

  @BeforeAll
  static void migrate() {
    db = PG.dataSource();
    first = flyway().migrate();
  }

  private static Flyway flyway() {
    return flyway(db);
  }

  private static Flyway flyway(DataSource database) {
    return Flyway.configure().dataSource(database).locations(Migrations.LOCATION).load();
  }

  /** A new database as the release of schema {@code version} (1 to 3) left it ({@link MigratedPostgres#atVersion}). */
  private static DataSource databaseAt(int version) throws Exception {
    return PG.newDatabase(version);
  }

  private static List<String> column(String sql) throws SQLException {
    return column(db, sql);
  }

  private static List<String> column(DataSource database, String sql) throws SQLException {
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      return column(s, sql);
    }
  }

  private static List<String> column(Statement s, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
  }

  /**
   * Runs as a released schema (2 or 3) stored them, run 2 current: each of {@code runs} the values of
   * {@code run_id, hour, as_of, policy_kind, window_hours, } then of {@code columns}; each run's two rows,
   * {@code rows} of its id, in a partition of its own.
   */
  private static void insertRuns(DataSource database, String columns, List<String> runs, IntFunction<String> rows)
      throws SQLException {
    try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
      for (String run : runs) {
        int runId = Integer.parseInt(run.substring(0, run.indexOf(',')));
        s.execute("INSERT INTO ranking_run (run_id, hour, as_of, policy_kind, window_hours, " + columns
            + ", top_n, computed_at, published_at, row_count, category_count, lines_read, malformed_lines,"
            + " outside_window, counted_lines, manifest) OVERRIDING SYSTEM VALUE VALUES (" + run
            + ", 10, now(), now(), 2, 2, 0, 0, 0, 0, '{}')");
        s.execute("CREATE TABLE sales_rank_r" + runId + " PARTITION OF sales_rank FOR VALUES IN (" + runId + ")");
        s.execute("INSERT INTO sales_rank VALUES " + rows.apply(runId));
      }
      s.execute("INSERT INTO current_ranking (run_id) VALUES (2)");
    }
  }

  @Test
  void migratesAFreshDatabaseAndThenHasNothingLeftToDo() {
    assertThat(first.success).isTrue();
    assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(2);
    assertThat(flyway().migrate().migrationsExecuted).isZero();
    flyway().validate();
  }

  @Test
  void partitioningMovesRunsPublishedUnderTheFirstSchemaIntoPartitions() throws Exception {
    DataSource v1 = databaseAt(1);
    try (Connection c = v1.getConnection(); Statement s = c.createStatement()) {
      for (int run = 1; run <= 2; run++) {
        s.execute("INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, top_n, computed_at, published_at,"
            + " status, row_count, category_count, lines_read, malformed_lines, outside_window, counted_lines,"
            + " manifest) VALUES ('2026-11-22 1" + run + ":00Z', '2026-11-22 1" + (run + 1) + ":00Z', 'window', 168,"
            + " 10, now(), now(), 'published', 3, 2, 0, 0, 0, 0, '{}')");
        s.execute("INSERT INTO sales_rank VALUES (" + run + ", '*', 1, 'p1', 9, 9), (" + run + ", 'c1', 1, 'p1', 9, 9),"
            + " (" + run + ", 'c1', 2, 'p" + run + "', 8, 8)");
      }
      s.execute("INSERT INTO current_ranking (run_id) VALUES (2)");
    }

    flyway(v1).migrate();

    try (Connection c = v1.getConnection(); Statement s = c.createStatement()) {
      List<String> seen = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT tableoid::regclass || ' ' || count(*) FROM sales_rank"
          + " GROUP BY tableoid ORDER BY 1")) {
        while (rs.next()) {
          seen.add(rs.getString(1));
        }
      }
      assertThat(seen).containsExactly("sales_rank_r1 3", "sales_rank_r2 3");
      try (ResultSet rs = s.executeQuery("SELECT string_agg(category_id || rank || product_id, ',' ORDER BY"
          + " category_id, rank) FROM sales_rank_current")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("*1p1,c11p1,c12p2");
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'sales_rank_v1'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    }
  }

  @Test
  void spanHoursIsFilledFromThePolicyWhenADatabaseAtV2IsUpgraded() throws Exception {
    DataSource v2 = databaseAt(2);
    // A window run and a decay run published, the decay one current; a replaced and a loading run.
    insertRuns(v2, "half_life_hours, lookback_hours, status", List.of(
        "1, '2026-11-22 11:00Z', '2026-11-22 12:00Z', 'window', 48, NULL, NULL, 'published'",
        "2, '2026-11-22 12:00Z', '2026-11-22 13:00Z', 'decay', NULL, 6, 72, 'published'",
        "3, '2026-11-22 10:00Z', '2026-11-22 11:00Z', 'window', 24, NULL, NULL, 'replaced'",
        "4, '2026-11-22 13:00Z', '2026-11-22 14:00Z', 'decay', NULL, 12, 336, 'loading'"),
        run -> "(" + run + ", '*', 1, 'p1', 9, 9), (" + run + ", '*', 2, 'x" + run + "', 8, 8)");

    MigrateResult upgrade = flyway(v2).migrate();

    assertThat(upgrade.success).isTrue();
    assertThat(upgrade.migrations).extracting(m -> m.version).contains("3");
    assertThat(column(v2, "SELECT run_id || ' ' || span_hours FROM ranking_run ORDER BY run_id"))
        .containsExactly("1 48", "2 72", "3 24", "4 336");
    assertThat(column(v2, "SELECT is_nullable FROM information_schema.columns"
        + " WHERE table_name = 'ranking_run' AND column_name = 'span_hours'")).containsExactly("NO");
    assertThat(column(v2, "SELECT product_id || ' ' || as_of || ' ' || span_hours FROM sales_rank_current"
        + " ORDER BY rank")).containsExactly("p1 2026-11-22 13:00:00+00 72", "x2 2026-11-22 13:00:00+00 72");
    assertThat(column(v2, "SELECT product_id || ' ' || as_of || ' ' || span_hours FROM sales_rank_history"
        + " ORDER BY as_of, rank")).containsExactly("p1 2026-11-22 12:00:00+00 48", "x1 2026-11-22 12:00:00+00 48",
            "p1 2026-11-22 13:00:00+00 72", "x2 2026-11-22 13:00:00+00 72");
    flyway(v2).validate();
  }

  @Test
  void runsPublishedBeforeTheRulesCountedUnitsWithoutTreeOrFallbackWhenADatabaseAtV3IsUpgraded()
      throws Exception {
    DataSource v3 = databaseAt(3);
    insertRuns(v3, "half_life_hours, lookback_hours, span_hours, status", List.of(
        "1, '2026-11-22 12:00Z', '2026-11-22 13:00Z', 'window', 48, NULL, NULL, 48, 'published'",
        "2, '2026-11-22 13:00Z', '2026-11-22 14:00Z', 'decay', NULL, 6, 72, 72, 'published'"),
        run -> "(" + run + ", '*', 1, 'p1', 9, 9), (" + run + ", 'c1', 1, 'p" + run + "', 8, 8)");

    MigrateResult upgrade = flyway(v3).migrate();

    assertThat(upgrade.success).isTrue();
    // Through version 4 at least; later versions follow.
    assertThat(Integer.parseInt(upgrade.targetSchemaVersion)).isGreaterThanOrEqualTo(4);
    assertThat(column(v3, "SELECT run_id || ' ' || metric || ' ' || min_products || ' '"
        + " || (fallback_hours IS NULL) || ' ' || (category_tree_sha256 IS NULL) FROM ranking_run ORDER BY run_id"))
        .containsExactly("1 units 0 true true", "2 units 0 true true");
    assertThat(column(v3, "SELECT count(*) FROM ranking_category")).containsExactly("0");
    // Without categories of their own, the runs' categories show the run's span.
    assertThat(column(v3, "SELECT category_id || ' ' || span_hours FROM sales_rank_current ORDER BY 1"))
        .containsExactly("* 72", "c1 72");
    assertThat(column(v3, "SELECT as_of || ' ' || category_id || ' ' || span_hours FROM sales_rank_history"
        + " ORDER BY 1")).containsExactly("2026-11-22 13:00:00+00 * 48", "2026-11-22 13:00:00+00 c1 48",
            "2026-11-22 14:00:00+00 * 72", "2026-11-22 14:00:00+00 c1 72");
    flyway(v3).validate();

    // A category of the current run ranked over a fallback span shows that span; the others the run's.
    try (Connection c = v3.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO ranking_category VALUES (2, 'c1', NULL, 720)");
    }
    assertThat(column(v3, "SELECT category_id || ' ' || span_hours FROM sales_rank_current ORDER BY 1"))
        .containsExactly("* 72", "c1 720");
    assertThat(column(v3, "SELECT as_of || ' ' || category_id || ' ' || span_hours FROM sales_rank_history"
        + " WHERE category_id = 'c1' ORDER BY 1")).containsExactly("2026-11-22 13:00:00+00 c1 48",
            "2026-11-22 14:00:00+00 c1 720");
    // A run's categories go with it.
    try (Connection c = v3.getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM current_ranking");
      s.execute("DELETE FROM ranking_run WHERE run_id = 2");
    }
    assertThat(column(v3, "SELECT count(*) FROM ranking_category")).containsExactly("0");
  }

  @Test
  void theRulesOfARunAreChecked() throws SQLException {
    String insert = "INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, span_hours, metric, min_products,"
        + " fallback_hours, status, top_n, computed_at, published_at, row_count, category_count, lines_read,"
        + " malformed_lines, outside_window, counted_lines, manifest) VALUES ('2026-11-22 13:00Z',"
        + " '2026-11-22 14:00Z', 'window', 168, 168, %s, %s, %s, 'published', 10, now(), now(), 0, 0, 0, 0, 0, 0,"
        + " '{}')";
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(String.format(insert, "'orders'", "5", "'{336,720}'"));
      s.execute(String.format(insert, "'units'", "0", "NULL"));
      c.rollback();
      c.setAutoCommit(true);
      for (String[] bad : new String[][] {
          {"'clicks'", "0", "NULL"},
          {"'units'", "-1", "NULL"},
          {"'units'", "5", "NULL"},
          {"'units'", "5", "'{}'"},
          {"'units'", "5", "'{0,336}'"},
          {"'units'", "5", "'{336,NULL}'"},
          {"'units'", "0", "'{336}'"}}) {
        assertThatThrownBy(() -> s.execute(String.format(insert, (Object[]) bad))).as(String.join(" ", bad))
            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
      }
    }
    assertThat(column("SELECT count(*) FROM ranking_run")).containsExactly("0");
  }

  @Test
  void spanHoursIsRequiredAndPositive() throws SQLException {
    String insert = "INSERT INTO ranking_run (hour, as_of, policy_kind, window_hours, span_hours, status, top_n,"
        + " computed_at, published_at, row_count, category_count, lines_read, malformed_lines, outside_window,"
        + " counted_lines, manifest) VALUES ('2026-11-22 13:00Z', '2026-11-22 14:00Z', 'window', 168, %s,"
        + " 'published', 10, now(), now(), 0, 0, 0, 0, 0, 0, '{}')";
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(String.format(insert, "NULL")))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23502"));
      assertThatThrownBy(() -> s.execute(String.format(insert, "0")))
          .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23514"));
    }
    assertThat(column("SELECT count(*) FROM ranking_run")).containsExactly("0");
  }

  @Test
  void reportingViewsHaveTheContractsColumns() throws SQLException {
    List<String> contract = List.of(
        "category_id text",
        "rank integer",
        "product_id text",
        "total_sold bigint",
        "score double precision",
        "as_of timestamp with time zone",
        "computed_at timestamp with time zone",
        "span_hours integer");
    for (String view : List.of("sales_rank_current", "sales_rank_history")) {
      assertThat(column("SELECT column_name || ' ' || data_type FROM information_schema.columns"
          + " WHERE table_name = '" + view + "' ORDER BY ordinal_position")).as(view)
          .containsExactlyElementsOf(contract);
      assertThat(column("SELECT obj_description('" + view + "'::regclass, 'pg_class') IS NOT NULL")).as(view)
          .containsExactly("t");
    }
  }

  @Test
  void historyShowsEveryPublishedRankingAndTheCurrentViewOnlyTheCurrentOne() throws SQLException {
    List<String> current;
    List<String> history;
    List<String> namedCurrent;
    List<String> namedHistory;
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      String[] runs = {
          "11, '2026-11-22 13:00Z', '2026-11-22 14:00Z', 'window', 168, NULL, NULL, 168, 'published'",
          "12, '2026-11-22 14:00Z', '2026-11-22 14:30Z', 'decay', NULL, 24, 720, 720, 'published'",
          "13, '2026-11-22 14:00Z', '2026-11-22 14:30Z', 'decay', NULL, 24, 720, 720, 'replaced'",
          "14, '2026-11-22 14:00Z', '2026-11-22 15:00Z', 'window', 168, NULL, NULL, 168, 'loading'",
          "15, '2026-11-22 14:00Z', '2026-11-22 15:00Z', 'window', 24, NULL, NULL, 24, 'published'",
          "16, '2026-11-22 13:00Z', '2026-11-22 14:00Z', 'window', 24, NULL, NULL, 24, 'published'"};
      for (String run : runs) {
        String runId = run.substring(0, 2);
        s.execute("INSERT INTO ranking_run (run_id, hour, as_of, policy_kind, window_hours, half_life_hours,"
            + " lookback_hours, span_hours, status, top_n, computed_at, published_at, row_count, category_count,"
            + " lines_read, malformed_lines, outside_window, counted_lines, manifest) OVERRIDING SYSTEM VALUE"
            + " VALUES (" + run + ", 10, now(), now(), 1, 1, 0, 0, 0, 0, '{}')");
        s.execute("CREATE TABLE sales_rank_r" + runId + " PARTITION OF sales_rank FOR VALUES IN (" + runId + ")");
        s.execute("INSERT INTO sales_rank VALUES (" + runId + ", '*', 1, 'p" + runId + "', 9, 9)");
      }
      // Runs 15 and 16 are another name's, 15 its current one: the default views never show them.
      s.execute("UPDATE ranking_run SET ranking_name = 'eu' WHERE run_id IN (15, 16)");
      s.execute("INSERT INTO current_ranking (ranking_name, run_id) VALUES ('default', 12), ('eu', 15)");
      current = column(s, "SELECT product_id || ' ' || span_hours FROM sales_rank_current");
      history = column(s, "SELECT product_id || ' ' || span_hours FROM sales_rank_history ORDER BY product_id");
      namedCurrent = column(s, "SELECT ranking_name || ' ' || product_id FROM named_rank_current ORDER BY 1");
      namedHistory = column(s, "SELECT ranking_name || ' ' || product_id FROM named_rank_history ORDER BY 1");
      c.rollback();
    }
    assertThat(current).containsExactly("p12 720");
    assertThat(history).containsExactly("p11 168", "p12 720");
    assertThat(namedCurrent).containsExactly("default p12", "eu p15");
    assertThat(namedHistory).containsExactly("default p11", "default p12", "eu p15", "eu p16");
  }

  @Test
  void aRankingNameOutsideItsAlphabetIsRefused() {
    assertThatThrownBy(() -> column("INSERT INTO ranking_run (ranking_name, hour, as_of, policy_kind, window_hours,"
        + " span_hours, status, top_n, computed_at, published_at, row_count, category_count, lines_read,"
        + " malformed_lines, outside_window, counted_lines, manifest) VALUES ('Storefront EU', now(), now(),"
        + " 'window', 168, 168, 'loading', 10, now(), now(), 0, 0, 0, 0, 0, 0, '{}') RETURNING run_id"))
        .isInstanceOf(SQLException.class).hasMessageContaining("ranking_run_name_check");
  }

  /** Foreign keys whose columns are not the leading columns of some index on their table. */
  private static final String UNINDEXED_FOREIGN_KEYS = """
      SELECT c.conrelid::regclass || ' ' || c.conname
        FROM pg_constraint c
       WHERE c.contype = 'f'
         AND NOT EXISTS (
               SELECT 1 FROM pg_index i
                WHERE i.indrelid = c.conrelid
                  AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey)""";

  @Test
  void everyForeignKeyIsIndexed() throws SQLException {
    // Two of the ranking tables, and V8's three on subscription (its secret, what it was sent, its pushes).
    assertThat(column("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).containsExactly("5");
    assertThat(column(UNINDEXED_FOREIGN_KEYS)).isEmpty();
  }

  @Test
  void foreignKeyLintFlagsAnUnindexedKey() throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("CREATE TABLE lint_probe (id int PRIMARY KEY, run_id bigint REFERENCES ranking_run (run_id))");
      List<String> flagged = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(UNINDEXED_FOREIGN_KEYS)) {
        while (rs.next()) {
          flagged.add(rs.getString(1));
        }
      }
      c.rollback();
      assertThat(flagged).containsExactly("lint_probe lint_probe_run_id_fkey");
    }
  }

  @Test
  void theApiAndLoaderLookupsUseIndexes() throws SQLException {
    List<String> lookups = List.of(
        "SELECT * FROM sales_rank WHERE run_id = 1 AND category_id = 'c1' ORDER BY rank LIMIT 10 OFFSET 0",
        "SELECT * FROM sales_rank WHERE run_id = 1 AND product_id = 'p1'",
        "SELECT * FROM ranking_run WHERE status = 'published' ORDER BY published_at DESC, run_id DESC LIMIT 72",
        "SELECT * FROM ranking_run WHERE hour = now()",
        // The newest published as_of, and the published runs of one as_of that a re-run replaces.
        "SELECT * FROM ranking_run WHERE status = 'published' ORDER BY as_of DESC, published_at DESC, run_id DESC"
            + " LIMIT 1",
        "SELECT * FROM ranking_run WHERE status = 'published' AND as_of = now()",
        // A run's categories, as the API loads them with the run and the views join them.
        "SELECT * FROM ranking_category WHERE run_id = 1");
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      // A run's partition, as the loader attaches it; its indexes come from the partitioned table's.
      s.execute("CREATE TABLE sales_rank_r1 PARTITION OF sales_rank FOR VALUES IN (1)");
      s.execute("SET LOCAL enable_seqscan = off");
      for (String sql : lookups) {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString()).as(sql).contains("Index").doesNotContain("Seq Scan");
      }
      c.rollback();
    }
  }
}
