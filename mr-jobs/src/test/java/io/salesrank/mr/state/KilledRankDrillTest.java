package io.salesrank.mr.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.cli.JobJarCli;
import io.salesrank.mr.generate.SalesGenerator.Spec;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.rules.RankingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault drill (issue 14): the JVM of {@code rank --state} killed (SIGKILL) while step 1 builds the
 * state, during step 2, and right after step 2 while the ranking moves into place and the state
 * version commits. After each kill no ranking (or a whole one) is at {@code --out}, the state is
 * still usable, the same command run again exits 0 with the reference's ranking, and the next hour's
 * run parses only its new hour.
 */
class KilledRankDrillTest {

  private static final Instant FIRST = Instant.parse("2026-11-21T00:00:00Z");
  private static final int WINDOW_HOURS = 12;
  private static final int TOP = 25;
  private static final RankingPolicy WINDOW = RankingPolicy.window(WINDOW_HOURS);

  @TempDir
  Path dir;

  private Path logs;
  private Path state;


  private static Instant hour(int h) {
    return FIRST.plusSeconds(h * 3600L);
  }

  private static String hourText(int h) {
    return hour(h).toString().substring(0, 13);
  }

  private Path out(String name) {
    return dir.resolve("rankings").resolve(name);
  }

  /** The rank command as bin/salesrank starts it, in a JVM of its own; its stderr to {@code log}.err. */
  private Process rank(int h, String name, String log) throws IOException {
    Files.createDirectories(dir.resolve("rankings"));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlog4j.configuration=salesrank-log4j.properties", "-Dsalesrank.task.log=ERROR",
        "-cp", System.getProperty("java.class.path"), JobJarCli.class.getName(), "rank",
        "-D", "fs.defaultFS=file:///", "-D", "hadoop.tmp.dir=" + dir.resolve("child-tmp"),
        "-D", "mapreduce.jobtracker.staging.root.dir=" + dir.resolve("child-staging"),
        "--input", logs.toString(), "--hour", hourText(h), "--window-hours", String.valueOf(WINDOW_HOURS),
        "--top", String.valueOf(TOP), "--state", state.toString(), "--out", out(name).toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve(log + ".err").toFile())
        .start();
  }

  /**
   * Starts the rank of hour {@code h} and kills it (SIGKILL) once a line matching {@code when}
   * appears; asserts that no line matching {@code tooLate} was printed before it died. Returns every
   * line printed.
   */
  private List<String> rankAndKill(int h, String name, Predicate<String> when, Predicate<String> tooLate)
      throws Exception {
    Process p = rank(h, name, name);
    Path errFile = dir.resolve(name + ".err");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    int at = -1;
    try {
      while (at < 0 && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
        List<String> lines = Files.readAllLines(errFile, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size() && at < 0; i++) {
          if (when.test(lines.get(i))) {
            at = i;
          }
        }
      }
    } finally {
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    List<String> lines = Files.readAllLines(errFile, StandardCharsets.UTF_8);
    assertThat(at).as("the rank reached the moment to kill it; stderr: %s", lines).isNotNegative();
    assertThat(lines.subList(at, lines.size())).as("printed before the kill").noneMatch(tooLate);
    assertThat(p.exitValue()).as("killed, not ended; stderr: %s", lines).isEqualTo(137);
    return lines;
  }

  /** Runs the rank of hour {@code h} to its end; returns its stderr. */
  private List<String> rankToTheEnd(int h, String name) throws Exception {
    Process p = rank(h, name, name + "-again");
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(dir.resolve(name + "-again.err"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("rank exit status; stderr:%n%s", err).isZero();
    return err.lines().toList();
  }

  private List<RankedRow> rows(Path ranking) throws IOException {
    List<RankedRow> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(ranking)) {
      for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        for (String line : Files.readAllLines(part)) {
          rows.add(RankedRow.parse(line));
        }
      }
    }
    rows.sort(Comparator.comparing(RankedRow::categoryId).thenComparingInt(RankedRow::rank));
    return rows;
  }

  /** The ranking at {@code out(name)} is whole and equals the independent reference for hour {@code h}. */
  private JsonNode assertRight(int h, String name) throws IOException {
    Path ranking = out(name);
    assertThat(ranking.resolve("_SUCCESS")).exists();
    assertThat(ranking.resolve("_ranking.json")).exists();
    List<RankedRow> expected = ReferenceRanking.compute(logs, hour(h), WINDOW, TOP);
    assertThat(expected).isNotEmpty();
    assertThat(rows(ranking)).isEqualTo(expected);
    return new ObjectMapper().readTree(ranking.resolve("_ranking.json").toFile());
  }

  /** Nothing at the output path, not even a partial ranking. */
  private void assertNoRanking(String name) throws IOException {
    assertThat(out(name)).doesNotExist();
    try (Stream<Path> beside = Files.list(dir.resolve("rankings"))) {
      // Only hidden work directories may stay beside it (the next run of that --out removes its own).
      assertThat(beside.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.startsWith(".") || !n.startsWith(name));
    }
  }

  @Test
  void rankKilledInEachStepLeavesNoRankingAndAUsableState() throws Exception {
    logs = dir.resolve("logs");
    state = dir.resolve("state");
    Configuration conf = LocalHadoop.conf(dir);
    // 16 hours of 5,000 sales: step 1 over a whole window (building the state) takes seconds.
    LocalHadoop.generate(conf, Spec.mixed(LocalHadoop.path(logs), FIRST, 16, 5_000, 3_000, 20, 3));

    // 1. Killed in step 1, while it builds the state from the logs (no state yet).
    rankAndKill(12, "h12", l -> l.startsWith("step 1/2 sum: map"), l -> l.startsWith("step 1/2 sum: done"));
    assertNoRanking("h12");
    List<String> err = rankToTheEnd(12, "h12");
    assertThat(assertRight(12, "h12").path("input").path("hours_read").asInt()).isEqualTo(WINDOW_HOURS);
    assertThat(err).anyMatch(l -> l.startsWith("state: version") && l.contains("committed"));

    // 2. Killed in step 2 of the next hour, with the state warm.
    rankAndKill(13, "h13", l -> l.startsWith("step 2/2 top-" + TOP + ": started"),
        l -> l.startsWith("step 2/2 top-" + TOP + ": done"));
    assertNoRanking("h13");
    err = rankToTheEnd(13, "h13");
    JsonNode m = assertRight(13, "h13");
    assertThat(err).noneMatch(l -> l.contains("building it from the logs") || l.contains("cannot be"));
    assertThat(m.path("input").path("hours_read").asInt()).as("only the new hour parsed").isEqualTo(1);

    // 3. Killed once step 2 has written its ranking, while it moves into place and the state commits.
    List<String> killed = rankAndKill(14, "h14", l -> l.matches("step 2/2 top-" + TOP + ": \\d+ rows.*"),
        l -> l.startsWith("ranking as of"));
    if (Files.exists(out("h14"))) {
      // The rename happened before the kill: the ranking is whole and right.
      assertRight(14, "h14");
      FileUtilDelete.delete(out("h14"));
    } else {
      assertNoRanking("h14");
    }
    err = rankToTheEnd(14, "h14");
    assertThat(err).as("after %s", killed).noneMatch(l -> l.contains("building it from the logs") || l.contains("cannot be"));
    // 1, or 0 had the state version of this very hour committed just before the kill.
    assertThat(assertRight(14, "h14").path("input").path("hours_read").asInt()).isBetween(0, 1);

    // The next hour's incremental run is right, and parses only its hour.
    err = rankToTheEnd(15, "h15");
    assertThat(err).noneMatch(l -> l.contains("building it from the logs") || l.contains("cannot be"));
    assertThat(assertRight(15, "h15").path("input").path("hours_read").asInt()).isEqualTo(1);
  }

  @Test
  void rankInterruptedSaysSoInOneLineAndLeavesNoWorkNorStateChangeBehind() throws Exception {
    logs = dir.resolve("logs");
    state = dir.resolve("state");
    LocalHadoop.generate(LocalHadoop.conf(dir), Spec.mixed(LocalHadoop.path(logs), FIRST, 14, 5_000, 3_000, 20, 3));
    rankToTheEnd(12, "h12");
    List<String> stateBefore = listing(state);

    // Interrupted (TERM, as a scheduler or Ctrl-C's INT stops it) while step 1 runs.
    Process p = rank(13, "h13", "h13");
    Path errFile = dir.resolve("h13.err");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (p.isAlive() && System.nanoTime() < deadline
        && Files.readAllLines(errFile, StandardCharsets.UTF_8).stream().noneMatch(l -> l.startsWith("step 1/2 sum: "))) {
      Thread.sleep(10);
    }
    p.destroy();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> err = Files.readAllLines(errFile, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("stderr: %s", err).isEqualTo(143);
    assertThat(err.get(err.size() - 1)).isEqualTo("salesrank rank: interrupted: no ranking was written to "
        + LocalHadoop.path(out("h13")).makeQualified(java.net.URI.create("file:///"), null)
        + ", and the state is as it was; its temporary files are removed");
    assertThat(err).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
    try (Stream<Path> beside = Files.list(dir.resolve("rankings"))) {
      assertThat(beside.map(f -> f.getFileName().toString())).containsExactly("h12");
    }
    assertThat(listing(state)).isEqualTo(stateBefore);

    // The same command again ranks the hour, from the state.
    rankToTheEnd(13, "h13");
    assertThat(assertRight(13, "h13").path("input").path("hours_read").asInt()).isEqualTo(1);
  }

  /** The committed versions of a state directory (its in-flight tmp directories aside). */
  private static List<String> listing(Path state) throws IOException {
    try (Stream<Path> all = Files.list(state)) {
      return all.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("v-")).sorted().toList();
    }
  }

  /** Deletes a directory tree. */
  private static final class FileUtilDelete {
    static void delete(Path p) throws IOException {
      try (Stream<Path> all = Files.walk(p)) {
        for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
