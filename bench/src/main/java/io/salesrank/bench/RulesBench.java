package io.salesrank.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the ranking rules cost (docs/ranking-rules.md), side by side in one run over the generated week:
 * {@code bin/salesrank rank} plain, with a three-level tree over the 1,000 categories, with
 * {@code --min-products 20} (the default fallbacks), and with both. Before any time is reported, the
 * leaf categories' rows of every variant are checked against the plain run's, which the rules must not
 * change when no leaf falls back.
 */
public final class RulesBench {

  private static final String HOUR = "2026-11-22T13";

  public static void main(String[] args) throws Exception {
    WeekBench bench = WeekBench.prepare(args, "bench/out");
    Path tree = bench.out().resolve("category-tree.tsv");
    writeTree(tree);

    Map<String, List<String>> variants = new LinkedHashMap<>();
    variants.put("plain", List.of());
    variants.put("tree", List.of("--category-tree", tree.toString()));
    variants.put("min-products 20", List.of("--min-products", "20"));
    variants.put("tree + min-products 20", List.of("--category-tree", tree.toString(), "--min-products", "20"));
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    variants.keySet().forEach(v -> seconds.put(v, new ArrayList<>()));
    for (int round = 0; round < bench.rounds(); round++) {
      List<String> order = new ArrayList<>(variants.keySet());
      Collections.rotate(order, round);
      Map<String, List<String>> leaves = new LinkedHashMap<>();
      for (String name : order) {
        Path ranking = bench.out().resolve("rules-ranking");
        PipelineBench.deleteTree(ranking);
        List<String> command = new ArrayList<>(List.of("rank", "--input", bench.week().toString(), "--hour", HOUR,
            "--out", ranking.toString()));
        command.addAll(variants.get(name));
        long t0 = System.nanoTime();
        PipelineBench.exec(bench.root(), command, bench.out().resolve("rules.log"));
        double s = (System.nanoTime() - t0) / 1e9;
        seconds.get(name).add(s);
        List<String> rows = leafRows(ranking);
        System.out.printf(Locale.ROOT, "round %d: %-24s %7.2f s (%d leaf rows)%n", round + 1, name, s, rows.size());
        leaves.put(name, rows);
      }
      List<String> plain = leaves.get("plain");
      leaves.forEach((name, rows) -> {
        if (!rows.equals(plain)) {
          throw new IllegalStateException(name + " ranks the leaf categories unlike the plain run");
        }
      });
      System.out.printf("check: the leaf categories' %d rows agree in all variants%n", plain.size());
    }
    double plain = PipelineBench.median(seconds.get("plain"));
    System.out.println();
    System.out.println("| variant | median s | runs (s) | / plain |");
    System.out.println("|---|---|---|---|");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double m = PipelineBench.median(e.getValue());
      System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f× |%n", e.getKey(), m,
          e.getValue().stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), m / plain);
    }
  }

  /** Categories c0..c999 under 100 mid categories m0..m99 under 10 roots r0..r9. */
  private static void writeTree(Path file) throws Exception {
    StringBuilder tree = new StringBuilder("# 10 roots, 100 mid categories, the generator's 1000 leaves\n");
    for (int r = 0; r < 10; r++) {
      tree.append('r').append(r).append('\n');
    }
    for (int m = 0; m < 100; m++) {
      tree.append('m').append(m).append("\tr").append(m / 10).append('\n');
    }
    for (int c = 0; c < 1000; c++) {
      tree.append('c').append(c).append("\tm").append(c / 10).append('\n');
    }
    Files.writeString(file, tree);
  }

  /** The rows of the leaf categories (c…), sorted. */
  private static List<String> leafRows(Path ranking) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> parts = Files.list(ranking)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          if (line.startsWith("c")) {
            rows.add(line);
          }
        }
      }
    }
    Collections.sort(rows);
    return rows;
  }

  private RulesBench() {
  }
}
