package io.salesrank.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Migrates a fresh real PostgreSQL and lints the schema. */
class MigrationsTest {

  static EmbeddedPostgres pg;
  static DataSource db;
  static MigrateResult first;

  @BeforeAll
  static void migrate() throws IOException {
    pg = EmbeddedPostgres.start();
    db = pg.getPostgresDatabase();
    first = flyway().migrate();
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  private static Flyway flyway() {
    return Flyway.configure().dataSource(db).locations("classpath:db/migration").load();
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(rs.getString(1));
      }
    }
    return values;
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
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE v1_upgrade");
    }
    DataSource v1 = pg.getDatabase("postgres", "v1_upgrade");
    Flyway.configure().dataSource(v1).locations("classpath:db/migration").target("1").load().migrate();
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

    Flyway.configure().dataSource(v1).locations("classpath:db/migration").load().migrate();

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
  void reportingViewHasTheContractsColumns() throws SQLException {
    assertThat(column("""
        SELECT column_name || ' ' || data_type FROM information_schema.columns
         WHERE table_name = 'sales_rank_current' ORDER BY ordinal_position"""))
        .containsExactly(
            "category_id text",
            "rank integer",
            "product_id text",
            "total_sold bigint",
            "score double precision",
            "as_of timestamp with time zone",
            "computed_at timestamp with time zone");
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
    assertThat(column("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).containsExactly("1");
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
  void theApiLookupsUseIndexes() throws SQLException {
    List<String> lookups = List.of(
        "SELECT * FROM sales_rank WHERE run_id = 1 AND category_id = 'c1' ORDER BY rank LIMIT 10 OFFSET 0",
        "SELECT * FROM sales_rank WHERE run_id = 1 AND product_id = 'p1'",
        "SELECT * FROM ranking_run WHERE status = 'published' ORDER BY published_at DESC, run_id DESC LIMIT 72",
        "SELECT * FROM ranking_run WHERE hour = now()");
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
