package io.salesrank.bench;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

/**
 * salesrank against what users would pick instead, side by side in one run: {@code bin/salesrank
 * rank} and {@code run} (subprocesses, as a user runs them), DuckDB (JDBC, 2 threads) and
 * PostgreSQL (COPY the week, then SQL) computing the same ranking over the same files. The rows
 * of all of them are compared before any time is reported.
 */
public final class PipelineBench {

  private static final String HOUR = "2026-11-22T13";
  private static final String START = "2026-11-15 14:00:00+00";
  private static final String END = "2026-11-22 14:00:00+00";

  /** The contract's ranking in SQL (window policy, 168 h, top 100, overall under '*'). */
  private static final String RANKING_SQL = """
      WITH w AS (SELECT category_id, product_id, qty FROM %1$s
                  WHERE ts >= TIMESTAMPTZ '%2$s' AND ts < TIMESTAMPTZ '%3$s'),
           sums AS (SELECT category_id, product_id, sum(qty) AS s FROM w GROUP BY category_id, product_id
                    UNION ALL
                    SELECT '*', product_id, sum(qty) FROM w GROUP BY product_id),
           ranked AS (SELECT category_id, product_id, s,
                             row_number() OVER (PARTITION BY category_id ORDER BY s DESC, product_id %4$s) AS r
                        FROM sums WHERE s > 0)
      SELECT category_id, r, product_id, s FROM ranked WHERE r <= 100""";

  public static void main(String[] args) throws Exception {
    WeekBench bench = WeekBench.prepare(args, "bench/out");
    Path root = bench.root();
    int rounds = bench.rounds();
    Path data = bench.week();
    Path out = bench.out();
    List<Path> files = tsvFiles(data);
    System.out.printf("data: %d files under %s%n", files.size(), data);

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    for (String name : List.of("salesrank rank", "salesrank run", "duckdb", "postgresql")) {
      seconds.put(name, new ArrayList<>());
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(out.resolve("pg").toFile())
        .setCleanDataDirectory(true).start()) {
      Map<String, List<String>> rows = new HashMap<>();
      for (int round = 0; round < rounds; round++) {
        List<String> order = new ArrayList<>(seconds.keySet());
        Collections.rotate(order, round);
        for (String name : order) {
          long t0 = System.nanoTime();
          List<String> result = switch (name) {
            case "salesrank rank" -> salesrankRank(root, data, out);
            case "salesrank run" -> salesrankRun(root, data, out, pg);
            case "duckdb" -> duckdb(files);
            default -> postgres(pg, files);
          };
          double s = (System.nanoTime() - t0) / 1e9;
          seconds.get(name).add(s);
          System.out.printf("round %d: %-15s %7.2f s (%d rows)%n", round + 1, name, s, result.size());
          if (result.isEmpty() && name.equals("salesrank run")) {
            continue; // run publishes into the database: its rows are read back there
          }
          rows.put(name, result);
        }
        check(rows);
      }
    }
    report(seconds);
    reportMapPhase();
  }

  /**
   * Step 1's map phase per core beside the parse-and-emit path alone (JMH's {@link ParseBench},
   * ISO timestamps and a window, as this week's files have), both from this run: the gap is what
   * the framework's per-record path, the in-task aggregation and the map-side sort cost.
   */
  private static void reportMapPhase() throws Exception {
    if (MAP_LINES_PER_SECOND.isEmpty()) {
      return;
    }
    System.out.println("\nparse-and-emit alone (JMH ParseBench, iso/window, 1 thread)...");
    var options = new org.openjdk.jmh.runner.options.OptionsBuilder()
        .include(ParseBench.class.getName() + ".parseAndEmit")
        .param("timestamps", "iso").param("policy", "window").threads(1)
        .warmupIterations(3).measurementIterations(5).forks(1).build();
    double parse = new org.openjdk.jmh.runner.Runner(options).runSingle().getPrimaryResult().getScore();
    double map = median(MAP_LINES_PER_SECOND);
    System.out.println("\n| per core | lines/s | / parse-and-emit |");
    System.out.println("|---|---|---|");
    System.out.printf(Locale.ROOT, "| step 1's map phase (median of %d `rank` runs: %s) | %,.0f | %.2f |%n",
        MAP_LINES_PER_SECOND.size(), MAP_LINES_PER_SECOND.stream()
            .map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList(), map, map / parse);
    System.out.printf(Locale.ROOT, "| the parse-and-emit path alone (JMH) | %,.0f | 1.00 |%n", parse);
  }

  static void generate(Path root, Path data) throws Exception {
    if (Files.exists(data.resolve("_GENERATED"))) {
      return;
    }
    System.out.println("generating the week (11.76M lines, 200K products, 1000 categories, clean TSV)...");
    exec(root, List.of("generate", "--out", data.toString(), "--start", "2026-11-15T14", "--hours", "168",
        "--sales-per-hour", "70000", "--products", "200000", "--categories", "1000", "--format", "TSV",
        "--clean", "--seed", "7"), root.resolve("bench/out/generate.log"));
    Files.createFile(data.resolve("_GENERATED"));
  }

  private static List<Path> tsvFiles(Path data) throws IOException {
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
    }
  }

  /** Step 1's map phase as {@code rank} reports it: lines per second per map task (one core each). */
  private static final java.util.regex.Pattern MAP_PHASE =
      java.util.regex.Pattern.compile("map phase ([0-9,]+) lines/s per task");
  private static final List<Double> MAP_LINES_PER_SECOND = new ArrayList<>();

  /**
   * A fresh output directory {@code root/bench/out/name}, and {@code bin/salesrank} built (it builds what
   * changed on first use: now, not inside a timed round) by asking {@code command} for its help.
   */
  static Path freshOut(Path root, String name, String command) throws Exception {
    Path out = root.resolve("bench/out").resolve(name);
    deleteTree(out);
    Files.createDirectories(out);
    exec(root, List.of(command, "--help"), out.resolve("build.log"));
    return out;
  }

  static void exec(Path root, List<String> args, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/salesrank").toString());
    command.addAll(args);
    Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
    }
  }

  private static List<String> salesrankRank(Path root, Path data, Path out) throws Exception {
    Path ranking = out.resolve("ranking");
    deleteTree(ranking);
    exec(root, List.of("rank", "--input", data.toString(), "--hour", HOUR, "--out", ranking.toString()),
        out.resolve("rank.log"));
    for (String line : Files.readAllLines(out.resolve("rank.log"))) {
      java.util.regex.Matcher m = MAP_PHASE.matcher(line);
      if (m.find()) {
        MAP_LINES_PER_SECOND.add(Double.parseDouble(m.group(1).replace(",", "")));
      }
    }
    List<String> rows = new ArrayList<>();
    try (Stream<Path> parts = Files.list(ranking)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          String[] f = line.split("\t");
          rows.add(f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3]);
        }
      }
    }
    return rows;
  }

  private static List<String> salesrankRun(Path root, Path data, Path out, EmbeddedPostgres pg) throws Exception {
    exec(root, List.of("run", "--input", data.toString(), "--hour", HOUR, "--jdbc-url",
        pg.getJdbcUrl("postgres", "postgres"), "--db-user", "postgres"), out.resolve("run.log"));
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      return query(c, "SELECT category_id, rank, product_id, total_sold FROM sales_rank_current");
    }
  }

  static List<String> duckdb(List<Path> files) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = 2");
      StringBuilder list = new StringBuilder();
      for (Path f : files) {
        list.append(list.length() == 0 ? "" : ", ").append('\'').append(f).append('\'');
      }
      String source = "read_csv([" + list + "], delim = '\t', header = false, columns = {"
          + "'ts': 'TIMESTAMPTZ', 'product_id': 'VARCHAR', 'category_id': 'VARCHAR', 'qty': 'INTEGER',"
          + " 'total_price': 'VARCHAR', 'seller_id': 'VARCHAR', 'buyer_id': 'VARCHAR'})";
      return query(c, String.format(RANKING_SQL, source, START, END, ""));
    }
  }

  private static List<String> postgres(EmbeddedPostgres pg, List<Path> files) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS bench_sales");
      // Unlogged and never vacuumed: dropped right after, so nothing of it lingers to slow the next run.
      s.execute("CREATE UNLOGGED TABLE bench_sales (ts timestamptz, product_id text, category_id text, qty int,"
          + " total_price text, seller_id text, buyer_id text) WITH (autovacuum_enabled = false)");
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (Path f : files) {
        try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          copy.copyIn("COPY bench_sales FROM STDIN", in);
        }
      }
      List<String> rows = query(c, String.format(RANKING_SQL, "bench_sales", START, END, "COLLATE \"C\""));
      s.execute("DROP TABLE bench_sales");
      return rows;
    }
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "\t" + rs.getLong(2) + "\t" + rs.getString(3) + "\t" + rs.getLong(4));
      }
    }
    return rows;
  }

  /** Every engine must produce the same rows, or no time is worth reporting. */
  private static void check(Map<String, List<String>> rows) {
    List<String> reference = null;
    String referenceName = null;
    for (Map.Entry<String, List<String>> e : rows.entrySet()) {
      List<String> sorted = new ArrayList<>(e.getValue());
      Collections.sort(sorted);
      if (reference == null) {
        reference = sorted;
        referenceName = e.getKey();
      } else if (!sorted.equals(reference)) {
        throw new IllegalStateException(e.getKey() + " and " + referenceName + " disagree: " + sorted.size()
            + " vs " + reference.size() + " rows");
      }
    }
    System.out.printf("check: %s agree on all %d rows%n", rows.keySet(), reference == null ? 0 : reference.size());
  }

  private static void report(Map<String, List<Double>> seconds) {
    double duck = median(seconds.get("duckdb"));
    System.out.println();
    System.out.println("| what | median s | runs (s) | / duckdb |");
    System.out.println("|---|---|---|---|");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double m = median(e.getValue());
      System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f× |%n", e.getKey(), m,
          e.getValue().stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), m / duck);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Collections.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private PipelineBench() {
  }
}
