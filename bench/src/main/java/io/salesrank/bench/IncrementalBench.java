package io.salesrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hourly run with a state against a full recompute, side by side in one run, as users run them
 * (whole processes, JVM start included): on the benchmark week, the state warmed with the hour before
 * the last, then the last hour ranked incrementally, by a full {@code rank}, and by DuckDB, and a
 * refresh half way through the last hour ({@code --at}, the hour in progress parsed). Then the
 * same incremental run over a window of four weeks, to show its cost stays flat while a full
 * recompute grows with the window. Every round restores the warm state first (untimed), so each
 * incremental round does an hourly run's work.
 */
public final class IncrementalBench {

  private static final String LAST = "2026-11-22T13";
  private static final String BEFORE = "2026-11-22T12";
  private static final Pattern LINES_READ = Pattern.compile("\"lines_read\"\\s*:\\s*(\\d+)");

  public static void main(String[] args) throws Exception {
    PipelineBench.deleteTree(Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().resolve("bench/out/incremental"));
    WeekBench bench = WeekBench.prepare(args, "bench/out/incremental");
    Path root = bench.root();
    int rounds = bench.rounds();
    Path week = bench.week();
    Path month = root.resolve("bench/data/month");
    Path out = bench.out();
    generateHourBefore(root, week);
    generateMonth(root, week, month);

    System.out.println("warming the states with hour " + BEFORE + " (untimed)...");
    Path weekState = warm(root, week, out, "week", 168);
    Path monthState = warm(root, month, out, "month", 672);
    List<Path> weekFiles = tsvFiles(week);
    List<Path> monthFiles = tsvFiles(month);

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, Long> linesRead = new LinkedHashMap<>();
    for (String name : List.of("incremental, 1 week", "refresh --at :30, 1 week", "full rank, 1 week",
        "duckdb, 1 week", "incremental, 4 weeks", "full rank, 4 weeks")) {
      seconds.put(name, new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      List<String> order = new ArrayList<>(seconds.keySet());
      Collections.rotate(order, round);
      for (String name : order) {
        boolean monthly = name.endsWith("4 weeks");
        Path data = monthly ? month : week;
        int window = monthly ? 672 : 168;
        Path ranking = out.resolve("ranking");
        PipelineBench.deleteTree(ranking);
        List<String> command = new ArrayList<>(List.of("rank", "--input", data.toString(), "--window-hours",
            Integer.toString(window), "--out", ranking.toString()));
        command.addAll(name.startsWith("refresh") ? List.of("--at", LAST + ":30") : List.of("--hour", LAST));
        if (name.startsWith("incremental") || name.startsWith("refresh")) {
          Path state = out.resolve("state");
          PipelineBench.deleteTree(state);
          copyTree(monthly ? monthState : weekState, state);
          command.addAll(List.of("--state", state.toString()));
        }
        long t0 = System.nanoTime();
        long lines;
        if (name.startsWith("duckdb")) {
          int rows = PipelineBench.duckdb(weekFiles).size();
          lines = countLines(weekFiles);
          if (rows == 0) {
            throw new IllegalStateException("duckdb ranked nothing");
          }
        } else {
          PipelineBench.exec(root, command, out.resolve(name.replaceAll("\\W+", "-") + ".log"));
          lines = linesRead(ranking);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        seconds.get(name).add(s);
        linesRead.put(name, lines);
        System.out.printf(Locale.ROOT, "round %d: %-22s %7.2f s, %,d lines read%n", round + 1, name, s, lines);
      }
    }
    report(seconds, linesRead, monthFiles.size(), weekFiles.size());
  }

  /** The state as of the hour before the last, built by a full run; kept to restore before each round. */
  private static Path warm(Path root, Path data, Path out, String name, int window) throws Exception {
    Path state = out.resolve("warm-" + name);
    Path ranking = out.resolve("warm-ranking-" + name);
    PipelineBench.exec(root, List.of("rank", "--input", data.toString(), "--hour", BEFORE, "--window-hours",
        Integer.toString(window), "--state", state.toString(), "--out", ranking.toString()),
        out.resolve("warm-" + name + ".log"));
    PipelineBench.deleteTree(ranking);
    return state;
  }

  /**
   * The hour before the benchmark week, so that the warm state's window (ending with the hour before
   * the last) holds an hour that leaves the window in the timed run, as every hourly run has one.
   */
  private static void generateHourBefore(Path root, Path week) throws Exception {
    if (Files.exists(week.resolve("_HOUR_BEFORE"))) {
      return;
    }
    PipelineBench.exec(root, List.of("generate", "--out", week.toString(), "--start", "2026-11-15T13", "--hours", "1",
        "--sales-per-hour", "70000", "--products", "200000", "--categories", "1000", "--format", "TSV", "--clean",
        "--seed", "5"), root.resolve("bench/out/generate-hour-before.log"));
    Files.createFile(week.resolve("_HOUR_BEFORE"));
  }

  /** Four weeks: the benchmark week and the three before it, generated alike (other seeds). */
  private static void generateMonth(Path root, Path week, Path month) throws Exception {
    if (Files.exists(month.resolve("_GENERATED"))) {
      return;
    }
    PipelineBench.deleteTree(month);
    System.out.println("generating the three weeks before the benchmark week (35M lines)...");
    PipelineBench.exec(root, List.of("generate", "--out", month.toString(), "--start", "2026-10-25T14", "--hours",
        "504", "--sales-per-hour", "70000", "--products", "200000", "--categories", "1000", "--format", "TSV",
        "--clean", "--seed", "11"), root.resolve("bench/out/generate-month.log"));
    // The benchmark week itself, linked rather than copied.
    try (Stream<Path> s = Files.walk(week)) {
      for (Path f : s.filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("_")
          && !p.startsWith(week.resolve("2026/11/15/13"))).toList()) {
        Path target = month.resolve(week.relativize(f));
        Files.createDirectories(target.getParent());
        Files.createLink(target, f);
      }
    }
    Files.createFile(month.resolve("_GENERATED"));
  }

  private static List<Path> tsvFiles(Path data) throws IOException {
    try (Stream<Path> s = Files.walk(data)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tsv")).sorted().toList();
    }
  }

  private static long countLines(List<Path> files) throws IOException {
    long lines = 0;
    for (Path f : files) {
      try (Stream<String> s = Files.lines(f)) {
        lines += s.count();
      }
    }
    return lines;
  }

  private static long linesRead(Path ranking) throws IOException {
    Matcher m = LINES_READ.matcher(Files.readString(ranking.resolve("_ranking.json")));
    if (!m.find()) {
      throw new IllegalStateException("no lines_read in " + ranking);
    }
    return Long.parseLong(m.group(1));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p));
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void report(Map<String, List<Double>> seconds, Map<String, Long> linesRead, int monthFiles,
      int weekFiles) {
    double duck = PipelineBench.median(seconds.get("duckdb, 1 week"));
    double incrementalWeek = PipelineBench.median(seconds.get("incremental, 1 week"));
    System.out.println();
    System.out.printf("files: %d in the week, %d in the four weeks%n", weekFiles, monthFiles);
    System.out.println("| what | median s | runs (s) | lines read | / duckdb 1 week | / incremental 1 week |");
    System.out.println("|---|---|---|---|---|---|");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double m = PipelineBench.median(e.getValue());
      System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %,d | %.2f× | %.2f× |%n", e.getKey(), m,
          e.getValue().stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList(), linesRead.get(e.getKey()),
          m / duck, m / incrementalWeek);
    }
  }

  private IncrementalBench() {
  }
}
