package io.salesrank.mr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.salesrank.mr.CapturedStderr;
import io.salesrank.mr.LocalHadoop;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Exit statuses and error lines of docs/cli.md. */
class SalesRankCliTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final CapturedStderr err = new CapturedStderr();
  private Configuration conf;

  @BeforeEach
  void localRunner() {
    conf = LocalHadoop.conf(dir);
  }

  private int run(String... args) throws Exception {
    return JobJarCli.run(conf, args);
  }

  /** Logs {@code generate} wrote under dir/logs: {@code hours} hours from {@code start}, with {@code more} options. */
  private Path generated(String start, int hours, int salesPerHour, String... more) throws Exception {
    Path logs = dir.resolve("logs");
    assertThat(run(concat(new String[] {"generate", "--out", logs.toString(), "--start", start, "--hours",
        Integer.toString(hours), "--sales-per-hour", Integer.toString(salesPerHour)}, more))).isZero();
    return logs;
  }

  @Test
  void badHourIsAUsageError() throws Exception {
    assertThat(run("rank", "--input", dir.toString(), "--hour", "2026-11-22 13", "--out", dir.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err.text()).contains("YYYY-MM-DDTHH");
  }

  @Test
  void impossibleHourIsAUsageErrorThatSaysWhy() throws Exception {
    assertThat(run("rank", "--input", dir.toString(), "--hour", "2026-11-22T24", "--out", "o")).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("'2026-11-22T24' is not an hour that exists").contains("24")
        .doesNotContain("of the form");
  }

  @Test
  void aRefreshMinuteMustExistAndExcludesAnHour() throws Exception {
    assertThat(run("rank", "--input", "x", "--at", "2026-11-22T14:61", "--out", "o")).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("'2026-11-22T14:61' is not a minute that exists");
    err.reset();
    assertThat(run("rank", "--input", "x", "--at", "2026-11-22 14:15", "--out", "o")).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("YYYY-MM-DDTHH:MM");
    err.reset();
    assertThat(run("rank", "--input", "x", "--hour", "2026-11-22T13", "--at", "2026-11-22T14:15Z", "--out", "o"))
        .isEqualTo(2);
    assertThat(err.lines().get(0)).contains("mutually exclusive");
  }

  @Test
  void misspeltRequiredOptionIsReportedAsUnknownInOneLineAndAPointerToHelp() throws Exception {
    assertThat(run("rank", "--input", "x", "--hour", "2026-11-22T13", "--outt", "o")).isEqualTo(2);
    assertThat(err.lines()).hasSize(3);
    assertThat(err.lines().get(0)).startsWith("salesrank rank: Unknown option: '--outt'")
        .contains("Missing required option: '--out=DIR'");
    assertThat(err.lines().get(1)).isEqualTo("Did you mean '--out'?");
    assertThat(err.lines().get(2)).isEqualTo("Try 'salesrank rank --help' for the options.");
  }

  @Test
  void aLogEditedAfterItsChecksumWasWrittenFailsInOneLineSayingWhatToDo() throws Exception {
    java.nio.file.Path logs = dir.resolve("edited");
    assertThat(run("generate", "--out", logs.toString(), "--start", "2026-11-22T12", "--hours", "2",
        "--sales-per-hour", "50", "--format", "TSV", "--clean")).isZero();
    java.nio.file.Path hour = logs.resolve("2026/11/22/13");
    java.nio.file.Path file;
    try (var files = java.nio.file.Files.list(hour)) {
      file = files.filter(p -> !p.getFileName().toString().startsWith(".") && !p.getFileName().toString()
          .startsWith("_")).findFirst().orElseThrow();
    }
    assertThat(hour.resolve("." + file.getFileName() + ".crc")).exists();
    // Edited by hand: one line's quantity raised by one, the .crc Hadoop wrote left as it was.
    java.util.List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(file));
    String[] fields = lines.get(lines.size() / 2).split("\t", -1);
    fields[3] = Integer.toString(Integer.parseInt(fields[3]) + 1);
    lines.set(lines.size() / 2, String.join("\t", fields));
    java.nio.file.Files.write(file, lines);
    err.reset();

    String[] rank = {"rank", "--input", logs.toString(), "--hour", "2026-11-22T13", "--window-hours", "2",
        "--out", dir.resolve("edited-ranking").toString()};
    assertThat(run(rank)).isEqualTo(1);
    assertThat(err.lastLine()).startsWith("salesrank rank: step 1/2 sum failed: sales file ")
        .contains(file.getFileName() + " does not match its checksum file ." + file.getFileName() + ".crc")
        .contains("restore the file, or delete .");
    assertThat(dir.resolve("edited-ranking")).doesNotExist();

    // What the line says to do works.
    java.nio.file.Files.delete(hour.resolve("." + file.getFileName() + ".crc"));
    assertThat(run(rank)).isZero();
  }

  @Test
  void anUnknownOptionWithNoNearNameGetsNoSuggestion() throws Exception {
    assertThat(run("rank", "--input", "x", "--hour", "2026-11-22T13", "--out", "o", "--zzzzqqq")).isEqualTo(2);
    assertThat(err.lines()).noneMatch(l -> l.startsWith("Did you mean"));
  }

  @Test
  void versionAtTheTopAndEachCommandsHelpReadsPlainly() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(run("--version")).isZero();
      assertThat(run("-V")).isZero();
      assertThat(run("rank", "--help")).isZero();
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(printed.lines().limit(2)).allMatch(l -> l.matches("salesrank \\d+\\.\\d+\\.\\d+.*"));
    // A list option's synopsis says what to type, not picocli's repetition syntax.
    assertThat(printed).contains("--fallback-hours=H1,H2,...").doesNotContain("[,H1");
  }

  @Test
  void stepOneTakesNoTopAndStepTwoDoes() throws Exception {
    assertThat(run("sum", "--input", "x", "--hour", "2026-11-22T13", "--top", "5", "--out", "o")).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("--top");
    err.reset();
    assertThat(run("top", "--sums", dir.resolve("none").toString(), "--top", "5", "--out", "o")).isEqualTo(1);
    assertThat(err.lines().get(0)).contains("has no _sum.json");
  }

  @Test
  void helpMarksRequiredOptionsAndGoesToStandardOutput() throws Exception {
    PrintStream originalOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(run("rank", "--help")).isZero();
    } finally {
      System.setOut(originalOut);
    }
    String help = out.toString(StandardCharsets.UTF_8);
    String synopsis = help.substring(0, help.indexOf("\nRuns step 1")).replaceAll("\\s+", " ");
    assertThat(synopsis).contains(" --input=ROOT", "(--hour=YYYY-MM-DDTHH | --at=YYYY-MM-DDTHH:MM)", " --out=DIR")
        .doesNotContain("[--input", "[--hour", "[--out");
    assertThat(help).contains("--version", "--top=N");
  }

  @Test
  void missingDropboxIsOneClearLine() throws Exception {
    assertThat(run("ingest", "--from", dir.resolve("nope").toString(), "--to", dir.resolve("logs").toString()))
        .isEqualTo(1);
    assertThat(err.lines()).singleElement().asString()
        .startsWith("salesrank ingest: the dropbox ").contains("check --from").doesNotContain("Exception");
  }

  @Test
  void generateRefusesHoursThatExistUnlessToldToOverwrite() throws Exception {
    Path logs = dir.resolve("logs");
    String[] args = {"generate", "--out", logs.toString(), "--start", "2026-11-22T10", "--hours", "2",
        "--sales-per-hour", "10"};
    assertThat(run(args)).isZero();
    err.reset();
    assertThat(run(args)).isEqualTo(1);
    assertThat(err.lines()).singleElement().asString().contains("2026/11/22/10", "--overwrite");
    assertThat(run(concat(args, "--overwrite"))).isZero();
  }

  @Test
  void unknownCommandAndMissingOptionsAreUsageErrors() throws Exception {
    assertThat(run("rnak")).isEqualTo(2);
    assertThat(run()).isEqualTo(2);
    assertThat(run("rank", "--hour", "2026-11-22T13")).isEqualTo(2);
    assertThat(run("rank", "--input", "x", "--hour", "2026-11-22T13", "--out", "o", "--bogus")).isEqualTo(2);
  }

  @Test
  void contradictoryOrOutOfRangePolicyIsAUsageError() throws Exception {
    String[] base = {"rank", "--input", "x", "--hour", "2026-11-22T13", "--out", "o"};
    assertThat(run(concat(base, "--window-hours", "24", "--half-life-hours", "12"))).isEqualTo(2);
    assertThat(run(concat(base, "--lookback-hours", "24"))).isEqualTo(2);
    assertThat(run(concat(base, "--window-hours", "0"))).isEqualTo(2);
    assertThat(run(concat(base, "--half-life-hours", "-1"))).isEqualTo(2);
    assertThat(run(concat(base, "--top", "0"))).isEqualTo(2);
    assertThat(run(concat(base, "--max-malformed-ratio", "1.5"))).isEqualTo(2);
    err.reset();
    assertThat(run(concat(base, "--name", "Storefront EU"))).isEqualTo(2);
    assertThat(err.lines().get(0)).isEqualTo("salesrank rank: --name must match [a-z0-9_-]{1,32}, got 'Storefront EU'");
    assertThat(run(concat(base, "--name", "x".repeat(33)))).isEqualTo(2);
  }

  @Test
  void aTrendExcludesTheOtherPoliciesAndAFallbackAndKeepsToItsRange() throws Exception {
    String[] base = {"rank", "--input", "x", "--hour", "2026-11-22T13", "--out", "o"};
    Map<List<String>, String> refused = new java.util.LinkedHashMap<>();
    refused.put(List.of("--trend-hours", "24", "--window-hours", "24"),
        "--window-hours, --half-life-hours and --trend-hours exclude each other");
    refused.put(List.of("--trend-hours", "24", "--half-life-hours", "12"),
        "--window-hours, --half-life-hours and --trend-hours exclude each other");
    refused.put(List.of("--trend-min-units", "3"), "--trend-min-units needs --trend-hours");
    refused.put(List.of("--trend-hours", "169"), "--trend-hours must be 1..168, got 169");
    refused.put(List.of("--trend-hours", "0"), "--trend-hours must be 1..168, got 0");
    refused.put(List.of("--trend-hours", "6", "--trend-min-units", "-1"), "--trend-min-units must be 0 or more, got -1");
    refused.put(List.of("--trend-hours", "6", "--min-products", "3"),
        "--min-products does not apply to --trend-hours: a trend has no fallback span");
    for (Map.Entry<List<String>, String> c : refused.entrySet()) {
      err.reset();
      assertThat(run(concat(base, c.getKey().toArray(String[]::new)))).as(c.getKey().toString()).isEqualTo(2);
      assertThat(err.lines().get(0)).isEqualTo("salesrank rank: " + c.getValue());
    }
  }

  @Test
  void anUnreadableOrBrokenProductParentFileExitsOneInOneLineAndRanksNothing() throws Exception {
    Path logs = generated("2026-11-22T13", 1, 50, "--categories", "3");
    Path parents = dir.resolve("parents.tsv");
    Files.writeString(parents, "p1\tp2\np1\tp3\n");
    for (Path file : List.of(parents, dir.resolve("missing.tsv"))) {
      err.reset();
      assertThat(run("rank", "--input", logs.toString(), "--hour", "2026-11-22T13", "--product-parent",
          file.toString(), "--out", dir.resolve("ranking").toString())).isEqualTo(1);
      assertThat(err.lines()).hasSize(1);
      assertThat(err.lines().get(0)).startsWith("salesrank rank: product parents ").contains(file.getFileName()
          .toString()).endsWith("; nothing was ranked");
      assertThat(dir.resolve("ranking")).doesNotExist();
    }
    assertThat(err.text()).contains("missing.tsv: does not exist");
  }

  @Test
  void generateThenRankWritesARankingDirectory() throws Exception {
    Path logs = generated("2026-11-22T10", 4, 200, "--products", "50", "--categories", "4");
    Path out = dir.resolve("ranking");
    assertThat(run("rank", "-D", "mapreduce.job.reduces=3", "--input", logs.toString(), "--hour", "2026-11-22T13",
        "--window-hours", "4", "--top", "5", "--out", out.toString())).isZero();
    assertThat(out.resolve("_SUCCESS")).exists();
    assertThat(out.resolve("_ranking.json")).exists();
    // -D reached the job: one part file per reducer.
    assertThat(out.resolve("part-r-00002")).exists();
    assertThat(err.lines()).anyMatch(l -> l.startsWith("step 1/2 sum: ") && l.contains(" headers, "))
        .anyMatch(l -> l.matches("step 1/2 sum: map phase [0-9,]+ lines/s per task \\(\\d+ tasks, [0-9.]+ s of task time\\)"))
        .anyMatch(l -> l.startsWith("step 2/2 top-5: "))
        // The step that reads the logs ends with what it read; the last line is the result.
        .anyMatch(l -> l.matches("step 1/2 sum: done, 80[0-9] lines \\([0-9.]+ MB\\) in [0-9.]+ s"))
        .last().asString().startsWith("ranking as of 2026-11-22T14:00:00Z written to ");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".work-"));
    }

    // --quiet: the result line alone.
    err.reset();
    assertThat(run("rank", "--quiet", "--input", logs.toString(), "--hour", "2026-11-22T13", "--window-hours", "4",
        "--top", "5", "--out", dir.resolve("quiet").toString())).isZero();
    assertThat(err.lines()).singleElement().asString().startsWith("ranking as of 2026-11-22T14:00:00Z written to ");
  }

  @Test
  void tooManyMalformedLinesExitOneWithOneLine() throws Exception {
    Path logs = generated("2026-11-22T13", 1, 300, "--malformed-ratio", "0.1", "--format", "TSV");
    err.reset();
    assertThat(run("rank", "--input", logs.toString(), "--hour", "2026-11-22T13", "--out",
        dir.resolve("ranking").toString())).isEqualTo(1);
    String last = err.lines().get(err.lines().size() - 1);
    assertThat(last).startsWith("salesrank rank: ").contains("malformed", "at offset").doesNotContain("buyer-");
    assertThat(dir.resolve("ranking")).doesNotExist();
  }

  @Test
  void wrongRulesAreUsageErrorsThatSayWhy() throws Exception {
    String[] base = {"rank", "--input", "x", "--hour", "2026-11-22T13", "--out", "o"};
    assertThat(run(concat(base, "--metric", "revenue"))).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("units or orders");
    err.reset();
    assertThat(run(concat(base, "--fallback-hours", "336"))).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("--fallback-hours needs --min-products");
    err.reset();
    assertThat(run(concat(base, "--min-products", "5", "--fallback-hours", "720,336"))).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("must increase");
    err.reset();
    assertThat(run(concat(base, "--min-products", "5", "--fallback-hours", "100,336"))).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("above the policy's 168 h");
    err.reset();
    // The defaults (336,720,2160) are not above a decay's default lookback of 2160 h.
    assertThat(run(concat(base, "--half-life-hours", "24", "--min-products", "5"))).isEqualTo(2);
    assertThat(err.lines().get(0)).contains("give --fallback-hours");
    assertThat(run(concat(base, "--min-products", "-1"))).isEqualTo(2);
  }

  @Test
  void aBrokenTreeExitsOneWithTheFileTheLineAndTheReasonAndRanksNothing() throws Exception {
    Path logs = generated("2026-11-22T13", 1, 50, "--categories", "3");
    Path tree = dir.resolve("tree.tsv");
    Files.writeString(tree, "# catalogue\nc1\nc2\tc1\nc2\tc3\n");
    err.reset();
    assertThat(run("rank", "--input", logs.toString(), "--hour", "2026-11-22T13", "--category-tree", tree.toString(),
        "--out", dir.resolve("ranking").toString())).isEqualTo(1);
    assertThat(err.lines()).hasSize(1);
    assertThat(err.lines().get(0)).startsWith("salesrank rank: category tree ").contains("tree.tsv", "line 4",
        "'c2' is listed twice");
    assertThat(dir.resolve("ranking")).doesNotExist();
  }

  @Test
  void theRulesTravelAsConfigurationKeysAsTheWorkflowPassesThem() throws Exception {
    Path logs = generated("2026-11-22T10", 4, 100, "--products", "50", "--categories", "4");
    Path out = dir.resolve("ranking");
    Path tree = dir.resolve("tree.tsv");
    Files.writeString(tree, "c1\tall\nc2\tall\n");
    assertThat(run("rank", "-D", "salesrank.ranking.name=storefront-eu", "-D", "salesrank.policy.metric=orders",
        "-D", "salesrank.policy.min-products=40",
        "-D", "salesrank.policy.fallback-hours=6,12", "-D", "salesrank.policy.category-tree=" + tree,
        "--input", logs.toString(), "--hour", "2026-11-22T13", "--window-hours", "2", "--out", out.toString()))
        .isZero();
    io.salesrank.mr.ranking.RankingManifest m = io.salesrank.mr.ranking.RankingManifest.parse(
        Files.readString(out.resolve("_ranking.json")));
    assertThat(m.policy().metric()).isEqualTo("orders");
    assertThat(m.policy().minProducts()).isEqualTo(40);
    assertThat(m.name()).isEqualTo("storefront-eu");
    assertThat(m.policy().fallbackHours()).containsExactly(6, 12);
    assertThat(m.categoryTree().categories()).isEqualTo(3);
    assertThat(m.fallbacksOrEmpty()).isNotEmpty().allSatisfy((c, h) -> assertThat(h).isIn(6, 12));
    assertThat(Files.readString(out.resolve("_tree.tsv"))).contains("c1\tall\n");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
