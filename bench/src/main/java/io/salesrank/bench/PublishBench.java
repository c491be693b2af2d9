package io.salesrank.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;

/**
 * Publishing a ranking of 1000 categories x 100 rows + overall (100,100 rows): {@code bin/salesrank
 * load} (a fresh JVM each round, as a user runs it; the loader's own publish timer and the wall
 * time) against the obvious alternative measured in the same rounds, a COPY of the same rows into
 * one table that carries both lookup indexes (in a database of its own), then the pointer, in one transaction (from this
 * already warm JVM, which favours it).
 */
public final class PublishBench {

  private static final Pattern PUBLISHED = Pattern.compile("published (\\d+) rows in (\\d+) categories in ([0-9.]+) s");
  private static final int CATEGORIES = 1000;
  private static final int TOP = 100;

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path out = PipelineBench.freshOut(root, "publish", "load");
    List<Double> publish = new ArrayList<>();
    List<Double> wall = new ArrayList<>();
    List<Double> oneTable = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(out.resolve("pg").toFile())
        .setCleanDataDirectory(true).start()) {
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE one_table");
      }
      try (Connection c = pg.getDatabase("postgres", "one_table").getConnection(); Statement s = c.createStatement()) {
        s.execute("""
            CREATE TABLE one_table (run_id bigint NOT NULL, category_id text COLLATE "C" NOT NULL,
                rank integer NOT NULL, product_id text COLLATE "C" NOT NULL, total_sold bigint NOT NULL,
                score double precision NOT NULL, PRIMARY KEY (run_id, category_id, rank))""");
        s.execute("CREATE INDEX one_table_product ON one_table (run_id, product_id)");
        s.execute("CREATE TABLE one_table_current (run_id bigint NOT NULL)");
        s.execute("INSERT INTO one_table_current VALUES (0)");
      }
      Instant hour = Instant.parse("2026-11-22T00:00:00Z");
      for (int round = 0; round < rounds; round++) {
        Path ranking = writeRanking(out.resolve("ranking-" + round), hour.plus(round, ChronoUnit.HOURS));
        // Alternate which goes first; each round publishes a new hour, as the hourly job does.
        for (int k = 0; k < 2; k++) {
          if ((round + k) % 2 == 0) {
            long t0 = System.nanoTime();
            double inLoader = load(root, ranking, pg, out.resolve("load-" + round + ".log"));
            wall.add((System.nanoTime() - t0) / 1e9);
            publish.add(inLoader);
            System.out.printf(Locale.ROOT, "round %d: salesrank load  publish %.3f s (wall %.2f s)%n", round + 1,
                inLoader, wall.get(wall.size() - 1));
          } else {
            double s = copyIntoOneTable(pg, ranking, round + 1);
            oneTable.add(s);
            System.out.printf(Locale.ROOT, "round %d: one indexed table  %.3f s%n", round + 1, s);
          }
        }
      }
    }
    double p = PipelineBench.median(publish);
    double o = PipelineBench.median(oneTable);
    System.out.println();
    System.out.println("| what (100,100 rows, 1,001 categories) | median s | rounds (s) | / one table |");
    System.out.println("|---|---|---|---|");
    row("salesrank load: publish (loader's timer)", publish, o);
    row("salesrank load: wall, JVM start and migration check included", wall, o);
    row("COPY into one table with both indexes + pointer, one transaction", oneTable, o);
    System.out.printf(Locale.ROOT, "%npublish median %.3f s; %.2fx the one-table COPY%n", p, p / o);
  }

  private static void row(String name, List<Double> values, double reference) {
    double m = PipelineBench.median(values);
    System.out.printf(Locale.ROOT, "| %s | %.3f | %s | %.2f× |%n", name, m,
        values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList(), m / reference);
  }

  /** A ranking directory as {@code rank} writes it: 1000 categories and '*', 100 rows each. */
  private static Path writeRanking(Path dir, Instant hour) throws IOException {
    Files.createDirectories(dir);
    List<String> categories = new ArrayList<>();
    categories.add("*");
    for (int c = 0; c < CATEGORIES; c++) {
      categories.add(String.format(Locale.ROOT, "c%04d", c));
    }
    long rows = 0;
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("part-r-00000"), StandardCharsets.US_ASCII)) {
      for (int c = 0; c < categories.size(); c++) {
        for (int r = 1; r <= TOP; r++) {
          long sold = 100_000L - 37L * r - c;
          w.write(categories.get(c) + "\t" + r + "\tp" + (c * 200 + r) + "\t" + sold + "\t" + sold + "\n");
          rows++;
        }
      }
    }
    String h = hour.toString().substring(0, 13);
    Files.writeString(dir.resolve("_ranking.json"), String.format(Locale.ROOT, """
        {"format_version": 1, "hour": "%s", "as_of": "%s", "computed_at": "%s",
         "policy": {"kind": "window", "window_hours": 168}, "top": %d,
         "input": {"root": "file:/bench", "hours_read": 168, "hours_missing": 0, "hours_without_done_flag": 0},
         "counts": {"lines_read": 11760000, "header_lines": 0, "empty_lines": 0, "malformed": 0,
                    "malformed_by_reason": {}, "outside_window": 0, "counted": 11760000},
         "malformed_examples": [], "rows": %d, "categories": %d}
        """, h, hour.plus(1, ChronoUnit.HOURS), hour.plus(66, ChronoUnit.MINUTES), TOP, rows, categories.size()));
    Files.createFile(dir.resolve("_SUCCESS"));
    return dir;
  }

  private static double load(Path root, Path ranking, EmbeddedPostgres pg, Path log) throws Exception {
    Process p = new ProcessBuilder(root.resolve("bin/salesrank").toString(), "load", "--ranking", ranking.toString(),
        "--jdbc-url", pg.getJdbcUrl("postgres", "postgres"), "--db-user", "postgres")
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("bin/salesrank load failed; see " + log);
    }
    Matcher m = PUBLISHED.matcher(Files.readString(log));
    if (!m.find() || !m.group(1).equals("100100") || !m.group(2).equals("1001")) {
      throw new IllegalStateException("bin/salesrank load did not publish 100100 rows in 1001 categories; see " + log);
    }
    return Double.parseDouble(m.group(3));
  }

  /** One transaction: COPY the rows, prefixed by the run, into the indexed table; move the pointer. */
  private static double copyIntoOneTable(EmbeddedPostgres pg, Path ranking, long runId) throws Exception {
    byte[] part = Files.readAllBytes(ranking.resolve("part-r-00000"));
    long t0 = System.nanoTime();
    try (Connection c = pg.getDatabase("postgres", "one_table").getConnection()) {
      c.setAutoCommit(false);
      StringBuilder rows = new StringBuilder(part.length + 8 * 100_100);
      for (String line : new String(part, StandardCharsets.US_ASCII).split("\n")) {
        rows.append(runId).append('\t').append(line).append('\n');
      }
      byte[] bytes = rows.toString().getBytes(StandardCharsets.US_ASCII);
      var copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "COPY one_table (run_id, category_id, rank, product_id, total_sold, score) FROM STDIN");
      copy.writeToCopy(bytes, 0, bytes.length);
      long n = copy.endCopy();
      if (n != 100_100) {
        throw new SQLException("copied " + n + " rows");
      }
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE one_table_current SET run_id = " + runId);
      }
      c.commit();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private PublishBench() {
  }
}
