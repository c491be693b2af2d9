package io.salesrank.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * {@code bin/salesrank stock set FILE} of 1 million products into a PostgreSQL that holds a list of 1
 * million already, as a user runs it (a process each round, wall time from start to exit), alternating
 * two files so that every round replaces the whole list; the command's own report gives the time of
 * its swap transaction. Goal (docs/cli.md): a list of 1 million set within 30 seconds.
 */
public final class StockBench {

  private static final int PRODUCTS = 1_000_000;
  private static final Pattern SWAP = Pattern.compile("stock: set: ([0-9,]+) products .* in ([0-9.]+) s;");

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path out = PipelineBench.freshOut(root, "stock", "stock");
    Path[] files = {out.resolve("stock-a.tsv"), out.resolve("stock-b.tsv")};
    for (int f = 0; f < files.length; f++) {
      try (BufferedWriter w = Files.newBufferedWriter(files[f], StandardCharsets.US_ASCII)) {
        for (int p = 0; p < PRODUCTS; p++) {
          // The two lists differ in every product's stock, so a swap changes every row.
          w.write("sku-" + p + ((p + f) % 3 == 0 ? "\t0\n" : "\t1\n"));
        }
      }
    }
    List<Double> wall = new ArrayList<>();
    List<Double> swap = new ArrayList<>();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(out.resolve("pg").toFile())
        .setCleanDataDirectory(true).start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      for (int round = 0; round <= rounds; round++) {
        Path log = out.resolve("set-" + round + ".log");
        long t0 = System.nanoTime();
        PipelineBench.exec(root, List.of("stock", "set", files[round % 2].toString(), "--jdbc-url", url,
            "--db-user", "postgres"), log);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Matcher m = SWAP.matcher(Files.readString(log));
        if (!m.find() || !m.group(1).replace(",", "").equals(Integer.toString(PRODUCTS))) {
          throw new IllegalStateException("stock set did not report " + PRODUCTS + " products; see " + log);
        }
        if (round == 0) {
          System.out.printf(Locale.ROOT, "warm-up (first list into an empty table): %.2f s%n", seconds);
          continue;
        }
        wall.add(seconds);
        swap.add(Double.parseDouble(m.group(2)));
        System.out.printf(Locale.ROOT, "round %d: stock set, 1M products replacing 1M: %.2f s (swap %.2f s)%n", round,
            seconds, swap.get(swap.size() - 1));
      }
      try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE NOT in_stock) FROM product_stock")) {
        rs.next();
        System.out.printf(Locale.ROOT, "check: the table holds %,d products, %,d out of stock%n", rs.getLong(1),
            rs.getLong(2));
      }
    }
    System.out.println();
    System.out.println("| what | median s | runs (s) | goal |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| `stock set`, 1M products replacing 1M (process, wall) | %.2f | %s | ≤ 30 |%n",
        median(wall), runs(wall));
    System.out.printf(Locale.ROOT, "| of which the swap transaction (delete, COPY, version) | %.2f | %s | |%n",
        median(swap), runs(swap));
  }

  private static double median(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    v.sort(null);
    return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
  }

  private static String runs(List<Double> values) {
    return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
  }
}
