package io.salesrank.mr.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.cli.JobJarCli;
import io.salesrank.mr.generate.SalesGenerator.Spec;
import io.salesrank.mr.pipeline.RankPipeline;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs with a state ({@code --state}) against runs without one and against {@link ReferenceRanking}
 * (docs/cli.md): hour after hour, after files were added to, replaced in and removed from old
 * hours, at minutes between hours, and when the state is missing, damaged, built for other options,
 * ahead of the run, or shared by runs that race or die.
 */
class IncrementalRunTest {

  private static final Instant FIRST = Instant.parse("2026-11-22T00:00:00Z");
  private static final RankingPolicy WINDOW = RankingPolicy.window(6);
  private static final RankingPolicy DECAY = RankingPolicy.decay(3, 8);
  private static final int TOP = 25;

  @TempDir
  static Path shared;
  static Path logs;
  static Configuration conf;

  @TempDir
  Path dir;
  private ByteArrayOutputStream progress;

  @BeforeAll
  static void generateSixteenHours() throws IOException {
    conf = LocalHadoop.conf(shared);
    logs = shared.resolve("logs");
    // Mixed CSV and TSV hours, late and early lines filed in neighbouring hours, returns; the last
    // four hours gzipped.
    LocalHadoop.generate(conf, Spec.mixed(LocalHadoop.path(logs), FIRST, 12, 200, 300, 8, 7));
    LocalHadoop.generate(conf, Spec.mixed(LocalHadoop.path(logs), FIRST.plusSeconds(12 * 3600), 4, 200, 300, 8, 8).gzipped());
  }

  @BeforeEach
  void newProgress() {
    progress = new ByteArrayOutputStream();
  }



  private static Instant hour(int h) {
    return FIRST.plusSeconds(h * 3600L);
  }

  private static RankRequest request(Path root, Instant end, RankingPolicy policy, Path state) {
    return new RankRequest(LocalHadoop.path(root), end, policy, io.salesrank.mr.rules.RankingRules.DEFAULT, TOP, 0.01, state == null ? null : LocalHadoop.path(state));
  }

  /** Ranks into {@code dir/name/ranking}; returns the manifest. */
  private RankingManifest rank(RankRequest request, String name) throws Exception {
    return new RankPipeline(Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC),
        new PrintStream(progress, true, StandardCharsets.UTF_8))
        .rank(conf, request, RankPipeline.Output.keptIn(LocalHadoop.path(dir.resolve(name))));
  }

  private List<RankedRow> rows(String name) throws IOException {
    List<RankedRow> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve(name).resolve("ranking"))) {
      for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        for (String line : Files.readAllLines(part)) {
          rows.add(RankedRow.parse(line));
        }
      }
    }
    rows.sort(java.util.Comparator.comparing(RankedRow::categoryId).thenComparingInt(RankedRow::rank));
    return rows;
  }

  /** Same rows and ranks, total_sold identical, score within a relative 1e-9 (identical for windows). */
  private static void assertSameRanking(List<RankedRow> actual, List<RankedRow> expected, RankingPolicy policy) {
    assertThat(actual).hasSameSizeAs(expected).isNotEmpty();
    for (int i = 0; i < expected.size(); i++) {
      RankedRow a = actual.get(i);
      RankedRow e = expected.get(i);
      assertThat(List.of(a.categoryId(), a.rank(), a.productId(), a.totalSold()))
          .as("row %d", i).isEqualTo(List.of(e.categoryId(), e.rank(), e.productId(), e.totalSold()));
      if (policy.kind() == RankingPolicy.Kind.WINDOW) {
        assertThat(a.score()).as("row %d", i).isEqualTo(e.score());
      } else {
        assertThat(Math.abs(a.score() - e.score())).as("row %d score", i).isLessThanOrEqualTo(Math.abs(e.score()) * 1e-9);
      }
    }
  }

  /** Ranks with the state and without it, checks they agree, and returns the stateful run's manifest. */
  private RankingManifest rankBothWays(Path root, Instant end, RankingPolicy policy, Path state, String name)
      throws Exception {
    RankingManifest withState = rank(request(root, end, policy, state), name);
    rank(request(root, end, policy, null), name + "-plain");
    assertSameRanking(rows(name), rows(name + "-plain"), policy);
    return withState;
  }

  private static long linesIn(Path hourDir) throws IOException {
    long lines = 0;
    try (Stream<Path> files = Files.list(hourDir)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("_")
          && !f.getFileName().toString().startsWith(".")).toList()) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            f.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(Files.newInputStream(f))
                : Files.newInputStream(f), StandardCharsets.UTF_8))) {
          lines += in.lines().count();
        }
      }
    }
    return lines;
  }

  private static Path hourDir(Path root, int h) {
    return root.resolve(String.format("2026/11/22/%02d", h));
  }

  private static long versions(Path state) throws IOException {
    try (Stream<Path> s = Files.list(state)) {
      return s.filter(p -> p.getFileName().toString().startsWith("v-")).count();
    }
  }

  private Path copyOfLogs() throws IOException {
    Path copy = dir.resolve("logs");
    org.apache.hadoop.fs.FileSystem local = org.apache.hadoop.fs.FileSystem.getLocal(conf);
    FileUtil.copy(local, LocalHadoop.path(logs), local, LocalHadoop.path(copy), false, conf);
    return copy;
  }

  /**
   * Ranks each hour {@code from..to} under {@code policy} with the state in {@code state} and without,
   * each equal to the other and to the reference; the runs with the state, in order.
   */
  private List<RankingManifest> hourAfterHour(RankingPolicy policy, int from, int to, Path state) throws Exception {
    List<RankingManifest> runs = new ArrayList<>();
    for (int h = from; h <= to; h++) {
      runs.add(rankBothWays(logs, RankRequest.endOfHour(hour(h)), policy, state, "h" + h));
      assertSameRanking(rows("h" + h), ReferenceRanking.compute(logs, hour(h), policy, TOP), policy);
    }
    return runs;
  }

  @Test
  void hourAfterHourTheWindowEqualsRunsWithoutAStateAndTheReference() throws Exception {
    Path state = dir.resolve("state");
    List<RankingManifest> runs = hourAfterHour(WINDOW, 7, 12, state);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("there is no state in", "building it from the logs");
    assertThat(runs.get(0).input().hoursRead()).isEqualTo(6);
    for (int h = 8; h <= 12; h++) {
      // Warm: only the new hour is parsed; the other five come from the state.
      RankingManifest m = runs.get(h - 7);
      assertThat(m.counts().linesRead()).isEqualTo(linesIn(hourDir(logs, h)));
      assertThat(m.input().hoursRead()).isEqualTo(1);
      assertThat(m.input().hoursFromState()).isEqualTo(5);
    }
    assertThat(versions(state)).as("versions kept").isLessThanOrEqualTo(6);
  }

  @Test
  void hourAfterHourDecayEqualsRunsWithoutAStateAndTheReference() throws Exception {
    List<RankingManifest> runs = hourAfterHour(DECAY, 8, 13, dir.resolve("state"));
    for (int h = 9; h <= 13; h++) {
      assertThat(runs.get(h - 8).counts().linesRead()).isEqualTo(linesIn(hourDir(logs, h)));
    }
  }

  @Test
  void filesAddedToReplacedInAndRemovedFromOldHoursCountAsWithoutAState() throws Exception {
    Path root = copyOfLogs();
    Path state = dir.resolve("state");
    rankBothWays(root, RankRequest.endOfHour(hour(10)), WINDOW, state, "warm");

    // A late report for hour 6 with a return, a line filed an hour late and one from the future.
    Files.write(hourDir(root, 6).resolve("late.tsv"), List.of(
        "2026-11-22T06:30:00Z\tp1\tc1\t50\t1\ts\tb",
        "2026-11-22T06:31:00Z\tp2\tc1\t-3\t1\ts\tb",
        "2026-11-22T05:59:00Z\tp3\tc2\t40\t1\ts\tb",
        "2026-11-22T11:20:00Z\tp4\tc2\t30\t1\ts\tb"));
    // Hour 8's report replaced by another of a different size; hour 7's removed.
    Path replaced = onlyFile(hourDir(root, 8));
    String content = Files.readString(replaced);
    Files.writeString(replaced, content.substring(0, content.length() / 2).replaceAll("[^\\n]*$", ""));
    Files.delete(onlyFile(hourDir(root, 7)));
    deleteChecksums(root);

    RankingManifest m = rankBothWays(root, RankRequest.endOfHour(hour(11)), WINDOW, state, "changed");
    assertSameRanking(rows("changed"), ReferenceRanking.compute(root, hour(11), WINDOW, TOP), WINDOW);
    // The new hour, the late report and the replaced report; nothing else.
    assertThat(m.counts().linesRead())
        .isEqualTo(linesIn(hourDir(root, 11)) + 4 + Files.readAllLines(replaced).size());

    // The same end again: nothing new to parse, the same ranking.
    RankingManifest again = rankBothWays(root, RankRequest.endOfHour(hour(11)), WINDOW, state, "again");
    assertThat(again.counts().linesRead()).isZero();
    assertThat(rows("again")).isEqualTo(rows("changed"));
  }

  private static Path onlyFile(Path hourDir) throws IOException {
    try (Stream<Path> s = Files.list(hourDir)) {
      return s.filter(f -> !f.getFileName().toString().startsWith("_") && !f.getFileName().toString().startsWith("."))
          .findFirst().orElseThrow();
    }
  }

  /** Files edited here, not through Hadoop, would fail their checksums. */
  private static void deleteChecksums(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path crc : s.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(crc);
      }
    }
  }

  @Test
  void aDecayedLineWeighsNothingPastTheAgeARunWithoutAStateRoundsToZeroEither() throws Exception {
    // Half-life 6 minutes over 8 hours: a run without a state weighs a line older than 63 half-lives
    // (6.3 h) at zero, so p1, sold at 01:30 only, drops out of c2 between the runs as of 07:00 and 08:00.
    Path root = dir.resolve("sparse");
    for (int h = 0; h < 10; h++) {
      List<String> lines = new ArrayList<>();
      lines.add(String.format("2026-11-22T%02d:10:00Z\tp2\tc1\t%d\t1\ts\tb", h, 1 + h % 3));
      if (h == 1) {
        lines.add("2026-11-22T01:30:00Z\tp1\tc1\t5\t1\ts\tb");
        lines.add("2026-11-22T01:30:00Z\tp1\tc2\t5\t1\ts\tb");
      }
      Files.createDirectories(hourDir(root, h));
      Files.write(hourDir(root, h).resolve("sales.tsv"), lines);
    }
    RankingPolicy steep = RankingPolicy.decay(0.1, 8);
    Path state = dir.resolve("state");
    rankBothWays(root, RankRequest.endOfHour(hour(6)), steep, state, "scored");
    assertThat(rows("scored")).extracting(RankedRow::categoryId).contains("c2");
    rankBothWays(root, RankRequest.endOfHour(hour(7)), steep, state, "weightless");
    assertThat(rows("weightless")).extracting(RankedRow::categoryId).doesNotContain("c2");
    rankBothWays(root, Instant.parse("2026-11-22T08:20:00Z"), steep, state, "refresh");
  }

  @Test
  void refreshesAtMinutesEqualRunsWithoutAStateAndLeaveItAsItIs() throws Exception {
    Path state = dir.resolve("state");
    for (RankingPolicy policy : List.of(WINDOW, DECAY)) {
      Path s = state.resolve(policy.kind().name());
      rankBothWays(logs, RankRequest.endOfHour(hour(11)), policy, s, policy.kind() + "-warm");
      long committed = versions(s);
      for (String at : List.of("2026-11-22T12:15:00Z", "2026-11-22T12:59:00Z", "2026-11-22T13:01:00Z")) {
        Instant end = Instant.parse(at);
        String name = policy.kind() + "-" + end.getEpochSecond();
        RankingManifest m = rankBothWays(logs, end, policy, s, name);
        assertSameRanking(rows(name), ReferenceRanking.computeAt(logs, end, policy, TOP), policy);
        assertThat(m.asOf()).isEqualTo(at);
        assertThat(versions(s)).as("a refresh commits nothing").isEqualTo(committed);
        // The hour in progress and the edge hour the window cuts; at 13:01 also hour 12, new to the state.
        assertThat(m.input().hoursRead()).isEqualTo(end.equals(Instant.parse("2026-11-22T13:01:00Z")) ? 3 : 2);
      }
    }
  }

  @Test
  void aRefreshWithoutAStateBuildsItAsOfItsHourFirst() throws Exception {
    Path state = dir.resolve("state");
    Instant end = Instant.parse("2026-11-22T12:30:00Z");
    rankBothWays(logs, end, WINDOW, state, "refresh");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("state: first as of 2026-11-22T12:00:00Z");
    assertThat(versions(state)).isEqualTo(1);
    RankingManifest next = rankBothWays(logs, RankRequest.endOfHour(hour(12)), WINDOW, state, "next");
    assertThat(next.counts().linesRead()).isEqualTo(linesIn(hourDir(logs, 12)));
  }

  @Test
  void aRefreshInTheFirstHourOfTheLogsRanksWithoutAState() throws Exception {
    Path state = dir.resolve("state");
    rankBothWays(logs, Instant.parse("2026-11-22T00:20:00Z"), WINDOW, state, "first");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("no hour before 2026-11-22T00:00:00Z");
    assertThat(state).doesNotExist();
  }

  @Test
  void aDamagedStateIsRebuiltWithOneLineAndRanksTheSame() throws Exception {
    Path state = dir.resolve("state");
    rankBothWays(logs, RankRequest.endOfHour(hour(9)), WINDOW, state, "warm");
    Path version = newestVersion(state);

    // A totals file cut short.
    Path totals = version.resolve("part-r-00000");
    Files.write(totals, new byte[] {1, 2, 3}, StandardOpenOption.TRUNCATE_EXISTING);
    deleteChecksums(state);
    rankBothWays(logs, RankRequest.endOfHour(hour(10)), WINDOW, state, "cut");
    assertThat(progress.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("state: the state in")))
        .singleElement().asString().contains("cannot be used", "part-r-00000", "building it from the logs");

    // A file's partial sums gone.
    progress.reset();
    version = newestVersion(state);
    try (Stream<Path> sums = Files.list(version.resolve("c"))) {
      Files.delete(sums.filter(f -> !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow());
    }
    rankBothWays(logs, RankRequest.endOfHour(hour(11)), WINDOW, state, "gone");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("partial sums of", "missing or damaged");

    // The index garbled.
    progress.reset();
    version = newestVersion(state);
    Files.writeString(version.resolve(FileIndex.FILE), "not an index\n");
    deleteChecksums(state);
    rankBothWays(logs, RankRequest.endOfHour(hour(12)), WINDOW, state, "garbled");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("cannot be used");
  }

  private static Path newestVersion(Path state) throws IOException {
    try (Stream<Path> s = Files.list(state)) {
      return s.filter(p -> p.getFileName().toString().startsWith("v-")).max(Path::compareTo).orElseThrow();
    }
  }

  @Test
  void aStateBuiltWithOtherOptionsIsRebuilt() throws Exception {
    Path state = dir.resolve("state");
    rankBothWays(logs, RankRequest.endOfHour(hour(9)), WINDOW, state, "six");
    RankingManifest m = rankBothWays(logs, RankRequest.endOfHour(hour(10)), RankingPolicy.window(5), state, "five");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("built for other ranking options");
    assertThat(m.input().hoursRead()).isEqualTo(5);
  }

  @Test
  void aBackfillBehindTheStateRanksWithoutItAndLeavesItAlone() throws Exception {
    Path state = dir.resolve("state");
    rankBothWays(logs, RankRequest.endOfHour(hour(12)), WINDOW, state, "now");
    long committed = versions(state);
    RankingManifest m = rankBothWays(logs, RankRequest.endOfHour(hour(9)), WINDOW, state, "backfill");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("after this run's end; ranking without it");
    assertThat(m.input().hoursRead()).isEqualTo(6);
    assertThat(versions(state)).isEqualTo(committed);
    assertThat(rankBothWays(logs, RankRequest.endOfHour(hour(13)), WINDOW, state, "next").counts().linesRead())
        .isEqualTo(linesIn(hourDir(logs, 13)));
  }

  @Test
  void aRunRefusedForMalformedInputLeavesTheStateAsItWas() throws Exception {
    Path root = copyOfLogs();
    Path state = dir.resolve("state");
    rankBothWays(root, RankRequest.endOfHour(hour(10)), WINDOW, state, "warm");
    Path bad = hourDir(root, 11).resolve("bad.tsv");
    Files.write(bad, List.of("not a sale", "nor this", "nor this either"));
    assertThatThrownBy(() -> rank(request(root, RankRequest.endOfHour(hour(11)), WINDOW, state), "refused"))
        .isInstanceOf(SalesRankException.class).hasMessageContaining("malformed");
    assertThat(versions(state)).isEqualTo(1);
    try (Stream<Path> s = Files.list(state)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("tmp-"));
    }
    Files.delete(bad);
    deleteChecksums(root);
    assertThat(rankBothWays(root, RankRequest.endOfHour(hour(11)), WINDOW, state, "fixed").counts().linesRead())
        .isEqualTo(linesIn(hourDir(root, 11)));
  }

  @Test
  void aRunKilledInEitherStepLeavesTheStateUsable() throws Exception {
    Path state = dir.resolve("state");
    rankBothWays(logs, RankRequest.endOfHour(hour(9)), WINDOW, state, "warm");
    for (String step : List.of("step 1/2 sum: started", "step 2/2 top-25: started")) {
      Process rank = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
          "-cp", System.getProperty("java.class.path"), JobJarCli.class.getName(), "rank",
          "-D", "fs.defaultFS=file:///", "-D", "hadoop.tmp.dir=" + dir.resolve("child-tmp"),
          "-D", "mapreduce.jobtracker.staging.root.dir=" + dir.resolve("child-staging"),
          "--input", logs.toString(), "--hour", "2026-11-22T10", "--window-hours", "6", "--top", "25",
          "--state", state.toString(), "--out", dir.resolve("killed-" + step.charAt(5)).toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (BufferedReader err = new BufferedReader(new InputStreamReader(rank.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null && !line.startsWith(step)) {
          // wait for the step to start
        }
        assertThat(line).as("the child reached " + step).isNotNull();
      }
      rank.destroyForcibly();
      assertThat(rank.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(versions(state)).isEqualTo(1);
      assertThat(dir.resolve("killed-" + step.charAt(5))).doesNotExist();
    }
    progress.reset();
    RankingManifest m = rankBothWays(logs, RankRequest.endOfHour(hour(10)), WINDOW, state, "after");
    assertThat(progress.toString(StandardCharsets.UTF_8)).doesNotContain("cannot be used");
    assertThat(m.counts().linesRead()).isEqualTo(linesIn(hourDir(logs, 10)));
  }

  @Test
  void runsRacingOnOneStateEachRankRightAndLeaveOneVersion() throws Exception {
    Path state = dir.resolve("state");
    rankBothWays(logs, RankRequest.endOfHour(hour(9)), WINDOW, state, "warm");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<RankingManifest>> runs = new ArrayList<>();
      for (String name : List.of("a", "b")) {
        runs.add(pool.submit(() -> rank(request(logs, RankRequest.endOfHour(hour(10)), WINDOW, state), name)));
      }
      for (Future<RankingManifest> run : runs) {
        run.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    rank(request(logs, RankRequest.endOfHour(hour(10)), WINDOW, null), "plain");
    assertSameRanking(rows("a"), rows("plain"), WINDOW);
    assertSameRanking(rows("b"), rows("plain"), WINDOW);
    // One run commits the next version; the other loses the race (or, had it started later, commits
    // the same totals again).
    assertThat(versions(state)).isBetween(2L, 3L);
    progress.reset();
    assertThat(rankBothWays(logs, RankRequest.endOfHour(hour(11)), WINDOW, state, "next").counts().linesRead())
        .isEqualTo(linesIn(hourDir(logs, 11)));
    assertThat(progress.toString(StandardCharsets.UTF_8)).doesNotContain("cannot be used");
  }
}
