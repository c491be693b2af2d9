package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.salesrank.loader.cli.SalesRankCli;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Migrations;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles of db/roles.sql (README, "Least privilege"): the real loader migrates and publishes as
 * salesrank_loader, the real API serves as salesrank_reader, and the reader can write nothing.
 */
class LeastPrivilegeTest {

  private static final String LOADER = "salesrank_loader";
  private static final String READER = "salesrank_reader";
  private static final String LOADER_PW = "loader-pw";
  private static final String READER_PW = "reader-pw";
  /** PostgreSQL's insufficient_privilege. */
  private static final String DENIED = "42501";

  @TempDir
  Path dir;

  /** An empty database: the loader migrates it, as its own role. */
  @RegisterExtension
  final ApiFixture api = ApiFixture.withRealClock(MigratedPostgres.empty());
  private final MigratedPostgres pg = api.db();
  private String jdbcUrl;

  @Test
  void loaderPublishesAndSuppressesReaderServesTheApiAndCanWriteNothing() throws Exception {
    {
      // No user in the URL: pgjdbc lets one there win over the user each side passes.
      String url = pg.jdbcUrlWithoutUser();
      jdbcUrl = url;
      try (Connection su = pg.dataSource().getConnection()) {
        runRolesSql(su, pg.databaseName());
      }
      Configuration conf = LocalHadoop.conf(dir);

      // The loader migrates the empty database and publishes, through the real command line.
      assertThat(loader(conf, "load", "--ranking", ranking("r1", "2026-11-22T13", 1_000).toString())).isEqualTo(0);
      try (Connection su = pg.dataSource().getConnection(); Statement s = su.createStatement();
           ResultSet rs = s.executeQuery("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")) {
        List<String> owners = new ArrayList<>();
        while (rs.next()) {
          owners.add(rs.getString(1));
        }
        assertThat(owners).containsExactly(LOADER);
      }

      // The API's start validates the schema with Flyway, which needs only SELECT on its history.
      assertThat(Flyway.configure().dataSource(url, READER, READER_PW).locations(Migrations.LOCATION)
          .ignoreMigrationPatterns("*:pending").load().validateWithResult().validationSuccessful).isTrue();
      // A role without the grants is a deployment mistake: the API's start fails and says so.
      try (Connection su = pg.dataSource().getConnection(); Statement s = su.createStatement()) {
        s.execute("CREATE ROLE salesrank_nobody LOGIN PASSWORD 'x'");
      }
      org.postgresql.ds.PGSimpleDataSource nobody = new org.postgresql.ds.PGSimpleDataSource();
      nobody.setUrl(url);
      nobody.setUser("salesrank_nobody");
      nobody.setPassword("x");
      assertThatThrownBy(() -> new io.salesrank.api.db.SchemaCheck(nobody).validate())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("may not read the schema")
          .hasMessageContaining("Least privilege");

      api.start(ConfigOverride.config("database.url", url), ConfigOverride.config("database.user", READER),
          ConfigOverride.config("database.password", READER_PW));
      {
        JsonNode first = awaitPopular("2026-11-22T14:00:00Z");
        assertThat(items(first)).containsExactly("p000001=999", "p000002=998", "p000003=997", "p000004=996",
            "p000005=995");

        // A second publish: its partition is created after roles.sql ran, and the reader still reads it.
        assertThat(loader(conf, "load", "--ranking", ranking("r2", "2026-11-22T14", 2_000).toString())).isEqualTo(0);
        assertThat(items(awaitPopular("2026-11-22T15:00:00Z"))).containsExactly("p000001=1999",
            "p000002=1998", "p000003=1997", "p000004=1996", "p000005=1995");
        try (Connection r = DriverManager.getConnection(url, READER, READER_PW); Statement s = r.createStatement()) {
          long newest;
          try (ResultSet rs = s.executeQuery("SELECT max(run_id) FROM ranking_run")) {
            rs.next();
            newest = rs.getLong(1);
          }
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sales_rank_r" + newest)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(3 * 5);
          }
        }

        // The loader keeps the suppression list; the API, reading it, follows.
        assertThat(loader(conf, "suppress", "add", "p000001", "--reason", "recalled")).isEqualTo(0);
        awaitNotServed("p000001");

        try (Connection r = DriverManager.getConnection(url, READER, READER_PW)) {
          for (String write : List.of(
              "INSERT INTO product_suppression (product_id, reason) VALUES ('p000002', 'no')",
              "DELETE FROM product_suppression",
              "UPDATE sales_rank SET total_sold = 0",
              "DELETE FROM sales_rank",
              "UPDATE ranking_run SET status = 'replaced'",
              "DELETE FROM current_ranking",
              "CREATE TABLE sneaky (i int)",
              "CREATE VIEW sneaky AS SELECT 1",
              "TRUNCATE sales_rank",
              "TRUNCATE product_suppression",
              "DROP TABLE product_suppression",
              "DROP VIEW sales_rank_current",
              "ALTER TABLE ranking_run ADD COLUMN sneaky int",
              // The subscribers' secrets are the loader's alone: not even SELECT (docs/pushes.md).
              "SELECT secret FROM subscription_secret",
              "DELETE FROM notification_delivery")) {
            try (Statement s = r.createStatement()) {
              assertThatThrownBy(() -> s.execute(write)).as(write).isInstanceOfSatisfying(SQLException.class,
                  e -> assertThat(e.getSQLState()).as(write + ": " + e.getMessage()).isEqualTo(DENIED));
            }
          }
        }
        // What /prometheus reports of the pushes, the reader may read.
        try (Connection r = DriverManager.getConnection(url, READER, READER_PW); Statement s = r.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM notification_delivery d JOIN subscription s"
                 + " ON s.subscription_id = d.subscription_id")) {
          assertThat(rs.next()).isTrue();
        }
        // Nothing changed: the same answer, the suppression list as the loader left it.
        assertThat(items(awaitPopular("2026-11-22T15:00:00Z"))).containsExactly("p000002=1998",
            "p000003=1997", "p000004=1996", "p000005=1995");
        try (Connection su = pg.dataSource().getConnection(); Statement s = su.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(product_id || ':' || reason, ',') FROM product_suppression")) {
          rs.next();
          assertThat(rs.getString(1)).isEqualTo("p000001:recalled");
        }
      }
    }
  }

  /**
   * Runs db/roles.sql as psql would with {@code -v loader_password=… -v reader_password=…}: its psql
   * variables replaced, then statement by statement.
   */
  private static void runRolesSql(Connection superuser, String database) throws IOException, SQLException {
    String sql;
    try (InputStream in = LeastPrivilegeTest.class.getResourceAsStream("/db/roles.sql")) {
      assertThat(in).as("db/roles.sql on the class path").isNotNull();
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String body = sql.lines().filter(l -> !l.startsWith("--")).collect(Collectors.joining("\n"))
        .replace(":'loader_password'", "'" + LOADER_PW + "'")
        .replace(":'reader_password'", "'" + READER_PW + "'")
        .replace(":\"DBNAME\"", "\"" + database + "\"");
    assertThat(body).as("psql variables left unreplaced").doesNotContain(":'").doesNotContain(":\"");
    try (Statement s = superuser.createStatement()) {
      for (String statement : body.split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }

  private int loader(Configuration conf, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    // The URL as the loader's users give it, with the loader role's credentials.
    all.addAll(List.of("--jdbc-url", jdbcUrl, "--db-user", LOADER, "--db-password", LOADER_PW));
    return SalesRankCli.run(conf, all.toArray(String[]::new));
  }

  /** A window ranking of {@code hour} (as of its end): '*', c0 and c1, 5 rows each, rank r selling base - r. */
  private Path ranking(String name, String hour, long base) throws IOException {
    Path out = dir.resolve(name);
    Files.createDirectories(out);
    List<String> categories = List.of("*", "c0", "c1");
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("part-r-00000"))) {
      for (String category : categories) {
        for (int r = 1; r <= 5; r++) {
          w.write(new RankedRow(category, r, String.format("p%06d", r), base - r, base - r).toLine());
          w.write('\n');
        }
      }
    }
    Files.createFile(out.resolve("_SUCCESS"));
    Instant asOf = Instant.parse(hour + ":00:00Z").plus(Duration.ofHours(1));
    new RankingManifest(RankingManifest.FORMAT_VERSION, null, hour, asOf.toString(), asOf.plusSeconds(372).toString(),
        new RankingManifest.Policy("window", 168, null, null, "units", null, null), 100,
        new RankingManifest.Input("file:/logs", 168, 0, 0, 0), new RankingManifest.Counts(1000, 0, 0, 0, Map.of(), 0,
            1000), List.of(), 15L, categories.size(), null, null, null)
        .write(FileSystem.getLocal(new Configuration()),
            new org.apache.hadoop.fs.Path(out.resolve(RankingManifest.RANKING_FILE).toUri()));
    return out;
  }

  private static List<String> items(JsonNode popular) {
    List<String> items = new ArrayList<>();
    for (JsonNode item : popular.get("items")) {
      items.add(item.get("product_id").asText() + "=" + item.get("total_sold").asLong());
    }
    return items;
  }

  private JsonNode awaitPopular(String asOf) throws Exception {
    return api.await("/api/v1/popular", r -> r.get("as_of").asText().equals(asOf));
  }

  private void awaitNotServed(String productId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!items(awaitPopular("2026-11-22T15:00:00Z")).stream().anyMatch(i -> i.startsWith(productId + "="))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(productId + " still served 10 s after it was suppressed");
  }
}
