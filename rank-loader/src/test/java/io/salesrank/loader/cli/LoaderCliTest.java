package io.salesrank.loader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

import io.salesrank.mr.CapturedStderr;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code load} and {@code run} as a user runs them, against a real PostgreSQL. */
class LoaderCliTest {

  private static final Instant HOUR = Instant.parse("2026-11-22T13:00:00Z");

  @TempDir
  static Path dir;
  /** An empty database each test: run and load migrate it themselves. */
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();
  static Path logs;
  static Path badLogs;

  @RegisterExtension
  final CapturedStderr err = new CapturedStderr();
  private Configuration conf;

  @BeforeAll
  static void startAndGenerate() throws Exception {
    logs = dir.resolve("logs");
    badLogs = dir.resolve("bad-logs");
    Configuration conf = LocalHadoop.conf(dir);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    PrintStream original = System.err;
    System.setErr(quiet);
    try {
      assertThat(SalesRankCli.run(conf, new String[] {"generate", "--out", logs.toString(), "--start",
          "2026-11-19T14", "--hours", "72", "--sales-per-hour", "300", "--products", "600", "--categories", "20",
          "--gzip"})).isZero();
      assertThat(SalesRankCli.run(conf, new String[] {"generate", "--out", badLogs.toString(), "--start",
          "2026-11-22T14", "--hours", "1", "--malformed-ratio", "0.2"})).isZero();
    } finally {
      System.setErr(original);
    }
  }

  @BeforeEach
  void localRunner() {
    conf = LocalHadoop.conf(dir);
  }

  private int run(String... args) throws Exception {
    return SalesRankCli.run(conf, args);
  }

  private static List<RankedRow> view(DataSource db) throws SQLException {
    List<RankedRow> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT category_id, rank, product_id, total_sold, score"
             + " FROM sales_rank_current ORDER BY category_id, rank")) {
      while (rs.next()) {
        rows.add(new RankedRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getLong(4), rs.getDouble(5)));
      }
    }
    return rows;
  }

  private static void assertSameRanking(List<RankedRow> actual, List<RankedRow> expected) {
    assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < expected.size(); i++) {
      RankedRow a = actual.get(i);
      RankedRow e = expected.get(i);
      assertThat(List.of(a.categoryId(), a.rank(), a.productId(), a.totalSold()))
          .isEqualTo(List.of(e.categoryId(), e.rank(), e.productId(), e.totalSold()));
      assertThat(a.score()).isCloseTo(e.score(), org.assertj.core.data.Offset.offset(Math.abs(e.score()) * 1e-9));
    }
  }

  @Test
  void loadWithoutADatabaseIsAUsageError() throws Exception {
    assertThat(run("load", "--ranking", dir.toString())).isEqualTo(2);
    assertThat(err.text()).contains("no database: pass --jdbc-url or set SALESRANK_JDBC_URL");
  }

  @Test
  void unreachableDatabaseFailsWithOneLineBeforeAnyRanking() throws Exception {
    assertThat(run("run", "--input", logs.toString(), "--hour", "2026-11-22T13", "--jdbc-url",
        "jdbc:postgresql://127.0.0.1:1/salesrank", "--db-user", "u", "--db-password", "secret-pw")).isEqualTo(1);
    assertThat(err.lastLine()).startsWith("salesrank run: cannot connect to the database at "
        + "jdbc:postgresql://127.0.0.1:1/salesrank").doesNotContain("secret-pw");
    assertThat(err.text()).doesNotContain("step 1/2");
  }

  @Test
  void loadChecksTheDirectoryBeforeTheDatabaseAndNamesANonRanking() throws Exception {
    assertThat(run("load", "--ranking", logs.toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/salesrank"))
        .isEqualTo(1);
    assertThat(err.lastLine()).startsWith("salesrank load: ranking directory ")
        .contains("is not a ranking directory").doesNotContain("did not finish");
  }

  @Test
  void aRankingFileEditedAfterRankWroteItIsRefusedInOneLineSayingWhatToDo() throws Exception {
    Path ranking = dir.resolve("edited-ranking");
    assertThat(run("rank", "--input", logs.toString(), "--hour", "2026-11-22T13", "--top", "5", "--out",
        ranking.toString())).isZero();
    Path part = ranking.resolve("part-r-00000");
    assertThat(ranking.resolve(".part-r-00000.crc")).exists();
    List<String> lines = new ArrayList<>(Files.readAllLines(part));
    lines.add(0, lines.remove(lines.size() - 1));  // the same rows, another order: the bytes differ
    Files.write(part, lines);
    err.reset();
    assertThat(run("load", "--ranking", ranking.toString(), "--jdbc-url", pg.jdbcUrl(), "--db-user", "postgres"))
        .isEqualTo(1);
    assertThat(err.lastLine()).startsWith("salesrank load: ranking file ").contains(
        "part-r-00000 does not match its checksum file .part-r-00000.crc", "the ranking was not published");
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE status = 'published'")).isEqualTo("0");
  }

  @Test
  void aDatabaseOtherThanPostgresqlIsAUsageErrorInOneLine() throws Exception {
    assertThat(run("load", "--ranking", dir.toString(), "--jdbc-url", "jdbc:mysql://db:3306/shop?password=x"))
        .isEqualTo(2);
    assertThat(err.lines()).hasSize(2).first().asString()
        .contains("must be a PostgreSQL JDBC URL", "'jdbc:mysql:'").doesNotContain("Exception", "password=x");
  }

  @Test
  void runWithAStateHourByHourThenARefreshPublishesWhatTheReferenceComputes() throws Exception {
    DataSource db = pg.dataSource();
    String state = dir.resolve("run-state").toString();
    for (String hour : List.of("2026-11-22T12", "2026-11-22T13")) {
      assertThat(run("run", "--input", logs.toString(), "--hour", hour, "--window-hours", "24", "--top", "15",
          "--state", state, "--jdbc-url", pg.jdbcUrl(), "--db-user", "postgres")).isZero();
    }
    assertThat(err.text()).contains("state: version 2 committed");
    assertSameRanking(view(db), ReferenceRanking.compute(logs, HOUR, RankingPolicy.window(24), 15));

    assertThat(run("run", "--input", logs.toString(), "--at", "2026-11-22T14:20", "--window-hours", "24", "--top",
        "15", "--state", state, "--jdbc-url", pg.jdbcUrl(), "--db-user", "postgres")).isZero();
    assertSameRanking(view(db), ReferenceRanking.computeAt(logs, Instant.parse("2026-11-22T14:20:00Z"),
        RankingPolicy.window(24), 15));
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).startsWith("2026-11-22 14:20:00");
  }

  @Test
  void runPublishesTheContractsRankingAndRerunningChangesNothing() throws Exception {
    DataSource db = pg.dataSource();
    String[] runArgs = {"run", "--input", logs.toString(), "--hour", "2026-11-22T13", "--window-hours", "48",
        "--top", "15", "--jdbc-url", pg.jdbcUrl(), "--db-user", "postgres"};

    assertThat(run(runArgs)).isZero();
    assertThat(err.lastLine()).contains("published").contains("it is the current ranking");
    List<RankedRow> expected = ReferenceRanking.compute(logs, HOUR, RankingPolicy.window(48), 15);
    List<RankedRow> first = view(db);
    assertSameRanking(first, expected);

    assertThat(run(runArgs)).isZero();
    assertThat(view(db)).isEqualTo(first);
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run")).isEqualTo("1");

    // The same hour by decay becomes the current ranking.
    assertThat(run("run", "--input", logs.toString(), "--hour", "2026-11-22T13", "--half-life-hours", "6",
        "--lookback-hours", "72", "--top", "15", "--jdbc-url", pg.jdbcUrl(),
        "--db-user", "postgres")).isZero();
    assertSameRanking(view(db), ReferenceRanking.compute(logs, HOUR, RankingPolicy.decay(6, 72), 15));
  }

  @Test
  void runRefusedForMalformedInputKeepsThePreviousRanking() throws Exception {
    DataSource db = pg.dataSource();
    String url = pg.jdbcUrl();
    assertThat(run("run", "--input", logs.toString(), "--hour", "2026-11-22T13", "--jdbc-url", url,
        "--db-user", "postgres")).isZero();
    List<RankedRow> before = view(db);

    err.reset();
    assertThat(run("run", "--input", badLogs.toString(), "--hour", "2026-11-22T14", "--window-hours", "1",
        "--jdbc-url", url, "--db-user", "postgres")).isEqualTo(1);
    assertThat(err.lastLine()).startsWith("salesrank run: ").contains("malformed", "Nothing was ranked");
    assertThat(view(db)).isEqualTo(before);
  }

  @Test
  void keepRunsIsGoneAndKeepHoursMustBeAtLeastOne() throws Exception {
    String[] base = {"--jdbc-url", "jdbc:postgresql://127.0.0.1:1/salesrank"};
    assertThat(run(concat(new String[] {"run", "--input", logs.toString(), "--hour", "2026-11-22T13",
        "--keep-runs", "5"}, base))).isEqualTo(2);
    assertThat(err.text()).startsWith("salesrank run: Unknown options: '--keep-runs', '5'");

    err.reset();
    assertThat(run(concat(new String[] {"run", "--input", logs.toString(), "--hour", "2026-11-22T13",
        "--keep-hours", "0"}, base))).isEqualTo(2);
    assertThat(err.lines()).containsExactly(
        "salesrank run: --keep-hours must be at least 1, got 0", "Try 'salesrank run --help' for the options.");

    err.reset();
    assertThat(run(concat(new String[] {"load", "--ranking", dir.toString(), "--keep-hours", "0"}, base)))
        .isEqualTo(2);
    assertThat(err.text()).contains("salesrank load: --keep-hours must be at least 1, got 0");
  }

  @Test
  void backfillPublishesEachHourInOrderAndTheNewestIsCurrent() throws Exception {
    DataSource db = pg.dataSource();
    String url = pg.jdbcUrl();
    assertThat(run("run", "--input", logs.toString(), "--from-hour", "2026-11-22T11", "--to-hour", "2026-11-22T13",
        "--window-hours", "12", "--jdbc-url", url, "--db-user", "postgres")).isZero();
    assertThat(err.text()).contains("run: hour 2026-11-22T11 (1 of 3)")
        .contains("run: hour 2026-11-22T13 (3 of 3)");
    assertThat(scalar(db, "SELECT string_agg(to_char(hour AT TIME ZONE 'UTC', 'HH24'), ',' ORDER BY published_at)"
        + " FROM ranking_run")).isEqualTo("11,12,13");
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).startsWith("2026-11-22 14:00:00");
    List<RankedRow> newest = view(db);
    assertSameRanking(newest, ReferenceRanking.compute(logs, HOUR, RankingPolicy.window(12), 100));

    // An older hour published afterwards joins the history; the newest as_of stays current.
    err.reset();
    assertThat(run("run", "--input", logs.toString(), "--hour", "2026-11-22T10", "--window-hours", "12",
        "--jdbc-url", url, "--db-user", "postgres")).isZero();
    assertThat(err.lastLine()).startsWith("load: published ").endsWith(" as of 2026-11-22T11:00:00Z; it joins the"
        + " history but is not current: the current ranking is as of 2026-11-22T14:00:00Z");
    assertThat(view(db)).isEqualTo(newest);
    assertThat(scalar(db, "SELECT string_agg(to_char(as_of AT TIME ZONE 'UTC', 'HH24'), ',' ORDER BY as_of)"
        + " FROM (SELECT DISTINCT as_of FROM sales_rank_history) h")).isEqualTo("11,12,13,14");

    String[] base = {"run", "--input", logs.toString(), "--jdbc-url", url};
    assertThat(run(concat(base, "--hour", "2026-11-22T13", "--from-hour", "2026-11-22T11", "--to-hour",
        "2026-11-22T13"))).isEqualTo(2);
    assertThat(run(concat(base, "--from-hour", "2026-11-22T11"))).isEqualTo(2);
    assertThat(run(concat(base, "--from-hour", "2026-11-22T13", "--to-hour", "2026-11-22T11"))).isEqualTo(2);
    assertThat(run(base)).isEqualTo(2);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void noCustomerSellerOrBuyerIdReachesTheDatabase() throws Exception {
    DataSource db = pg.dataSource();
    Path work = dir.resolve("work-privacy");
    assertThat(run("run", "--input", logs.toString(), "--hour", "2026-11-22T13", "--work", work.toString(),
        "--jdbc-url", pg.jdbcUrl(), "--db-user", "postgres")).isZero();
    assertThat(work.resolve("ranking/_ranking.json")).exists();
    for (String table : List.of("ranking_run", "sales_rank", "current_ranking", "flyway_schema_history")) {
      try (Connection c = db.getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t")) {
        int rows = 0;
        while (rs.next()) {
          rows++;
          assertThat(rs.getString(1)).as(table).doesNotContain("cust-", "seller-", "buyer-");
        }
        assertThat(rows).as(table).isPositive();
      }
    }
  }

  private static String scalar(DataSource db, String sql) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void suppressAddsListsAndRemovesProductsAndRefusesABadId() throws Exception {
    String url = pg.jdbcUrl();
    assertThat(run("suppress", "add", "p1", "p2", "--reason", "recalled", "--jdbc-url", url)).isZero();
    assertThat(run("suppress", "add", "p3", "--jdbc-url", url)).isZero();
    assertThat(run("suppress", "remove", "p2", "--jdbc-url", url)).isZero();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(run("suppress", "list", "--jdbc-url", url)).isZero();
    } finally {
      System.setOut(originalOut);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("p1\\trecalled\\t\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(lines.get(1)).matches("p3\\t\\t.+Z");

    err.reset();
    assertThat(run("suppress", "add", "bad id!", "--jdbc-url", url)).isEqualTo(2);
    assertThat(err.text()).contains("must match");
    assertThat(run("suppress", "drop", "p1", "--jdbc-url", url)).isEqualTo(2);
    assertThat(run("suppress", "add", "--jdbc-url", url)).isEqualTo(2);
  }

  private List<String> stdout(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(run(args)).isZero();
    } finally {
      System.setOut(originalOut);
    }
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void stockSetsListsAndClearsTheWholeListAndABadFileChangesNothing() throws Exception {
    String url = pg.jdbcUrl();
    Path file = dir.resolve("stock.tsv");
    Files.writeString(file, "# product_id\tin_stock\np1\t1\np2\tfalse\n\np3\t0\r\n");
    assertThat(run("stock", "set", file.toString(), "--jdbc-url", url)).isZero();
    assertThat(err.lastLine()).startsWith("stock: set: 3 products (1 in stock, 2 out of stock) in ")
        .endsWith("; list version 1");
    assertThat(stdout("stock", "list", "--jdbc-url", url)).hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).matches("p1\\ttrue\\t\\d{4}-\\d\\d-\\d\\dT.+Z"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("p2\tfalse\t"));

    // A whole new list replaces the old one; a bad line anywhere changes nothing.
    Files.writeString(file, "p9\ttrue\n");
    assertThat(run("stock", "set", file.toString(), "--jdbc-url", url)).isZero();
    for (String bad : List.of("p1\t1\np1\t0\n", "p1\tyes\n", "p 1\t1\n", "p1\n")) {
      Files.writeString(file, "p5\t1\n" + bad);
      err.reset();
      assertThat(run("stock", "set", file.toString(), "--jdbc-url", url)).as(bad).isEqualTo(1);
      assertThat(err.lines()).as(bad).hasSize(1);
      assertThat(err.lastLine()).startsWith("salesrank stock: stock list " + file).contains(": line ")
          .endsWith("; the stock list is as it was");
    }
    assertThat(err.lastLine()).contains("line 2: expected product_id TAB in_stock");
    assertThat(stdout("stock", "list", "--jdbc-url", url)).hasSize(1).allMatch(l -> l.startsWith("p9\ttrue\t"));
    assertThat(pg.scalar("SELECT version FROM product_stock_version")).isEqualTo("2");

    assertThat(run("stock", "clear", "--jdbc-url", url)).isZero();
    assertThat(stdout("stock", "list", "--jdbc-url", url)).isEmpty();
    assertThat(run("stock", "set", "--jdbc-url", url)).isEqualTo(2);
    assertThat(run("stock", "empty", "--jdbc-url", url)).isEqualTo(2);
    assertThat(run("stock", "set", dir.resolve("no-such.tsv").toString(), "--jdbc-url", url)).isEqualTo(1);
    assertThat(err.lastLine()).contains("no-such.tsv: does not exist");
  }

  @Test
  void readersOfTheStockListSeeTheOldOneOrTheNewOneNeverAMix() throws Exception {
    String url = pg.jdbcUrl();
    Path all = dir.resolve("all-in.tsv");
    Path none = dir.resolve("all-out.tsv");
    StringBuilder in = new StringBuilder();
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < 20_000; p++) {
      in.append('p').append(p).append("\t1\n");
      out.append('q').append(p).append("\t0\n").append('r').append(p).append("\t0\n");
    }
    Files.writeString(all, in);
    Files.writeString(none, out);
    assertThat(run("stock", "set", all.toString(), "--jdbc-url", url)).isZero();
    java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (java.sql.Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
        while (!done.get()) {
          try (ResultSet rs = s.executeQuery("SELECT count(*) || ' ' || count(*) FILTER (WHERE in_stock)"
              + " FROM product_stock")) {
            rs.next();
            seen.add(rs.getString(1));
          }
        }
      } catch (SQLException e) {
        seen.add(e.toString());
      }
    });
    reader.start();
    for (int i = 0; i < 4; i++) {
      assertThat(run("stock", "set", (i % 2 == 0 ? none : all).toString(), "--jdbc-url", url)).isZero();
    }
    done.set(true);
    reader.join();
    assertThat(seen).containsOnly("20000 20000", "40000 0").hasSize(2);
  }
}
