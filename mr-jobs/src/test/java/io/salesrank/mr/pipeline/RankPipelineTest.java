package io.salesrank.mr.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.OrderedFirstSort;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.generate.SalesGenerator.Spec;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both steps on Hadoop's local job runner, against {@link ReferenceRanking}. */
class RankPipelineTest {

  private static final Instant FIRST_HOUR = Instant.parse("2026-11-15T14:00:00Z");
  private static final Instant HOUR = Instant.parse("2026-11-22T13:00:00Z");
  private static final Instant COMPUTED_AT = Instant.parse("2026-11-22T14:06:12Z");
  private static final int TOP = 10;

  @TempDir
  static Path dir;
  static Path logs;
  static Configuration conf;
  static long generatedMalformed;

  @BeforeAll
  static void generateAWeek() throws IOException {
    conf = LocalHadoop.conf(dir);
    logs = dir.resolve("logs");
    // 120 plain hours (every 4th CSV), then 48 gzipped hours with a few malformed lines.
    LocalHadoop.generate(conf, Spec.mixed(LocalHadoop.path(logs), FIRST_HOUR, 120, 250, 800, 25, 1));
    Spec gzipped = Spec.mixed(LocalHadoop.path(logs), FIRST_HOUR.plusSeconds(120 * 3600), 48, 250, 800, 25, 2);
    generatedMalformed = LocalHadoop.generate(conf, gzipped.withMalformed(0.002).gzipped()).malformedLines();
  }



  private static RankRequest request(RankingPolicy policy, Path root) {
    return new RankRequest(LocalHadoop.path(root), RankRequest.endOfHour(HOUR), policy, io.salesrank.mr.rules.RankingRules.DEFAULT, TOP, 0.01, null);
  }

  /** Ranks into {@code name/ranking}, keeping the intermediate files in {@code name}. */
  private static RankingManifest rank(RankRequest request, String name) throws Exception {
    return new RankPipeline(Clock.fixed(COMPUTED_AT, ZoneOffset.UTC), LocalHadoop.quiet())
        .rank(conf, request, RankPipeline.Output.keptIn(LocalHadoop.path(dir.resolve(name))));
  }

  static List<RankedRow> readRanking(Path ranking) throws IOException {
    List<RankedRow> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(ranking)) {
      for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          rows.add(RankedRow.parse(line));
        }
      }
    }
    rows.sort(Comparator.comparing(RankedRow::categoryId).thenComparingInt(RankedRow::rank));
    return rows;
  }

  static void assertSameRanking(List<RankedRow> actual, List<RankedRow> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      RankedRow a = actual.get(i);
      RankedRow e = expected.get(i);
      assertThat(new RankedRow(a.categoryId(), a.rank(), a.productId(), a.totalSold(), 0))
          .as("row %d", i)
          .isEqualTo(new RankedRow(e.categoryId(), e.rank(), e.productId(), e.totalSold(), 0));
      assertThat(a.score()).as("score of %s", e).isCloseTo(e.score(), within(Math.abs(e.score()) * 1e-9));
    }
  }

  @Test
  void weekWindowEqualsTheReference() throws Exception {
    RankingPolicy policy = RankingPolicy.window(168);
    RankingManifest manifest = rank(request(policy, logs), "week");

    List<RankedRow> expected = ReferenceRanking.compute(logs, HOUR, policy, TOP);
    assertSameRanking(readRanking(dir.resolve("week/ranking")), expected);
    assertThat(expected).extracting(RankedRow::categoryId).contains("*");
    assertThat(expected.stream().filter(r -> r.categoryId().equals("*"))).hasSize(TOP);
    assertThat(manifest.rows()).isEqualTo(expected.size());
    assertThat(manifest.categories()).isEqualTo((int) expected.stream().map(RankedRow::categoryId).distinct().count());
  }

  @Test
  void stepOnesMapTasksHandTheirSumsToTheSortInItsOrderUnlessTheirTableSpilled() throws Exception {
    RankingPolicy policy = RankingPolicy.window(168);
    List<RankedRow> expected = ReferenceRanking.compute(logs, HOUR, policy, TOP);
    long before = OrderedFirstSort.sortsOutOfOrder();
    rank(request(policy, logs), "ordered");
    assertThat(OrderedFirstSort.sortsOutOfOrder()).as("map-side sorts that had to sort").isEqualTo(before);
    assertSameRanking(readRanking(dir.resolve("ordered/ranking")), expected);

    // A table of 50 keys spills many times a task, in the table's order: the sort sorts, the ranking is the same.
    Configuration tiny = new Configuration(conf);
    tiny.setInt(SalesRankConfig.MAP_AGGREGATE_MAX_KEYS, 50);
    new RankPipeline(Clock.fixed(COMPUTED_AT, ZoneOffset.UTC), LocalHadoop.quiet())
        .rank(tiny, request(policy, logs), RankPipeline.Output.keptIn(LocalHadoop.path(dir.resolve("spilled"))));
    assertThat(OrderedFirstSort.sortsOutOfOrder()).isGreaterThan(before);
    assertSameRanking(readRanking(dir.resolve("spilled/ranking")), expected);
  }

  @Test
  void weekWindowManifestDescribesTheRun() throws Exception {
    rank(request(RankingPolicy.window(168), logs), "manifest");
    Path ranking = dir.resolve("manifest/ranking");
    assertThat(ranking.resolve("_SUCCESS")).exists();
    RankingManifest m = RankingManifest.read(FileSystem.getLocal(conf),
        LocalHadoop.path(ranking.resolve(RankingManifest.RANKING_FILE)));
    assertThat(m.hour()).isEqualTo("2026-11-22T13");
    assertThat(m.asOf()).isEqualTo("2026-11-22T14:00:00Z");
    assertThat(m.computedAt()).isEqualTo("2026-11-22T14:06:12Z");
    assertThat(m.policy()).isEqualTo(new RankingManifest.Policy("window", 168, null, null, "units", null, null));
    assertThat(m.input().hoursRead()).isEqualTo(168);
    assertThat(m.counts().malformed()).isEqualTo(generatedMalformed).isPositive();
    assertThat(m.counts().linesRead()).isEqualTo(168 * 250 + 42); // plus one header per CSV hour
    assertThat(m.counts().headerLines()).isEqualTo(42);
    assertThat(m.counts().counted() + m.counts().outsideWindow() + m.counts().malformed() + 42)
        .isEqualTo(m.counts().linesRead());
    assertThat(m.malformedExamples()).isNotEmpty().allSatisfy(e -> {
      Path file = Path.of(java.net.URI.create(e.file()));
      assertThat(ReferenceRanking.isMalformedAt(file, e.offset())).as("%s", e).isTrue();
    });
  }

  @Test
  void shortWindowEqualsTheReference() throws Exception {
    RankingPolicy policy = RankingPolicy.window(6);
    rank(request(policy, logs), "short");
    assertSameRanking(readRanking(dir.resolve("short/ranking")), ReferenceRanking.compute(logs, HOUR, policy, TOP));
  }

  @Test
  void decayEqualsTheReference() throws Exception {
    RankingPolicy policy = RankingPolicy.decay(12, 48);
    RankingManifest manifest = rank(request(policy, logs), "decay");
    assertSameRanking(readRanking(dir.resolve("decay/ranking")), ReferenceRanking.compute(logs, HOUR, policy, TOP));
    assertThat(manifest.policy()).isEqualTo(new RankingManifest.Policy("decay", null, 12.0, 48, "units", null, null));
    assertThat(manifest.input().hoursRead()).isEqualTo(48);
  }

  @Test
  void rankKeepingEachReducersBestRanksAsTopOverEveryTotal() throws Exception {
    // rank's step 1 reducers write only their part's best of each category (CandidatesReducer); sum writes
    // every total and top ranks them all. With three kept a category, ties at the cut are many.
    RankingPolicy policy = RankingPolicy.window(168);
    RankRequest request = new RankRequest(LocalHadoop.path(logs), RankRequest.endOfHour(HOUR), policy,
        io.salesrank.mr.rules.RankingRules.DEFAULT, 3, 0.01, null);
    rank(request, "pruned");
    RankPipeline pipeline = new RankPipeline(Clock.fixed(COMPUTED_AT, ZoneOffset.UTC), LocalHadoop.quiet());
    org.apache.hadoop.fs.Path sums = LocalHadoop.path(dir.resolve("every/sums"));
    pipeline.sum(conf, request, sums);
    pipeline.top(conf, sums, 3, LocalHadoop.path(dir.resolve("every/ranking")));

    assertThat(partLines(dir.resolve("pruned/ranking"))).isNotEmpty()
        .isEqualTo(partLines(dir.resolve("every/ranking")));
    // The pruned sums are a small part of every total: the candidates' path was taken.
    assertThat(partBytes(dir.resolve("pruned/sums"))).isPositive().isLessThan(partBytes(dir.resolve("every/sums")) / 4);
  }

  private static List<String> partLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(part));
      }
    }
    return lines;
  }

  private static long partBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  @Test
  void noCustomerSellerOrBuyerIdReachesAnyOutputOrIntermediateFile() throws Exception {
    RankRequest request = request(RankingPolicy.window(168), logs);
    org.apache.hadoop.fs.Path sums = LocalHadoop.path(dir.resolve("privacy/sums"));
    new RankPipeline(Clock.systemUTC(), LocalHadoop.quiet()).sum(conf, request, sums);
    new RankPipeline(Clock.systemUTC(), LocalHadoop.quiet()).top(conf, sums, TOP, LocalHadoop.path(dir.resolve("privacy/ranking")));
    List<Path> written;
    try (Stream<Path> files = Files.walk(dir.resolve("privacy"))) {
      written = files.filter(Files::isRegularFile).toList();
    }
    assertThat(written).extracting(p -> p.getFileName().toString())
        .contains("_sum.json", "_ranking.json", "part-r-00000");
    for (Path file : written) {
      String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(content).as("%s", file).doesNotContain("cust-", "seller-", "buyer-");
    }
  }

  @Test
  void tooManyMalformedLinesFailAfterStepOneAndRankNothing() throws Exception {
    Path bad = dir.resolve("bad-logs");
    LocalHadoop.generate(conf, Spec.mixed(LocalHadoop.path(bad), Instant.parse("2026-11-22T11:00:00Z"), 3, 400, 100, 5, 3)
        .in(SalesGenerator.Format.TSV).withMalformed(0.05));
    RankRequest request = request(RankingPolicy.window(168), bad);

    assertThatThrownBy(() -> rank(request, "bad"))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("above --max-malformed-ratio 0.01")
        .hasMessageMatching(".*/sales-20261122(11|12|13)\\.tsv at offset \\d+ \\(.*")
        .hasMessageNotContaining("seller-")
        .hasMessageNotContaining("buyer-")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(dir.resolve("bad/ranking")).doesNotExist();
  }

  @Test
  void countsEachLineByItsOwnTimestampInTheDirectoriesItReads() throws Exception {
    Path root = dir.resolve("misfiled-logs");
    // Window of 2 hours as of 13:00: reads the directories of hours 12 and 13 only.
    write(root, "2026/11/22/13/sales-a.tsv",
        "2026-11-22T12:59:59Z\tlate\tc1\t2\t1\ts\tb",   // filed an hour late, inside the window
        "2026-11-22T14:00:00Z\tahead\tc1\t5\t1\ts\tb",  // filed early, after the window's end
        "2026-11-22T13:30:00Z\ttie-b\tc1\t3\t1\ts\tb",
        "2026-11-22T13:30:00Z\ttie-a\tc2\t3\t1\ts\tb",
        "2026-11-22T13:31:00Z\treturned\tc1\t1\t1\ts\tb",
        "2026-11-22T13:32:00Z\treturned\tc1\t-1\t1\ts\tb");
    write(root, "2026/11/22/12/SalesReport-2026112212.csv",
        "timestamp,product_id,category_id,qty,total_price,customer_id",
        "2026-11-22T12:10:00Z,tie-a,c1,3,1.00,cust-1",
        "2026-11-22T11:59:59Z,old,c1,9,1.00,cust-2");      // before the window
    // Hour 11 is outside the window: its line inside the window is never read.
    write(root, "2026/11/22/11/sales-b.tsv", "2026-11-22T12:30:00Z\tunread\tc1\t7\t1\ts\tb");

    RankingManifest manifest = rank(request(RankingPolicy.window(2), root), "misfiled");

    assertThat(readRanking(dir.resolve("misfiled/ranking"))).extracting(RankedRow::toLine).containsExactly(
        "*\t1\ttie-a\t6\t6.0",
        "*\t2\ttie-b\t3\t3.0",
        "*\t3\tlate\t2\t2.0",
        "c1\t1\ttie-a\t3\t3.0",
        "c1\t2\ttie-b\t3\t3.0",
        "c1\t3\tlate\t2\t2.0",
        "c2\t1\ttie-a\t3\t3.0");
    assertThat(manifest.input().hoursMissing()).isZero();
    assertThat(manifest.input().hoursWithoutDoneFlag()).isEqualTo(2);
    assertThat(manifest.counts().outsideWindow()).isEqualTo(2);
  }

  private static void write(Path root, String file, String... lines) throws IOException {
    Path path = root.resolve(file);
    Files.createDirectories(path.getParent());
    Files.write(path, List.of(lines));
  }

  @Test
  void refusesAnExistingOutputDirectory() throws IOException {
    Files.createDirectories(dir.resolve("exists/ranking"));
    assertThatThrownBy(() -> rank(request(RankingPolicy.window(168), logs), "exists"))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void failsClearlyWhenNoHourOfTheWindowExists() {
    assertThatThrownBy(() -> rank(request(RankingPolicy.window(24), dir.resolve("nowhere")), "empty"))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("no hour directories")
        .hasMessageContaining("check --input and --hour");
  }
}
