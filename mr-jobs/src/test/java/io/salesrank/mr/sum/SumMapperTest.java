package io.salesrank.mr.sum;

import static io.salesrank.mr.sum.Sums.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankCounters;
import io.salesrank.mr.input.FileOffset;
import io.salesrank.mr.input.LineBlock;
import io.salesrank.mr.input.Malformed;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

class SumMapperTest {

  private static final Instant END = Instant.parse("2026-11-22T14:00:00Z");
  private static final Path TSV = new Path("/logs/2026/11/22/13/sales-2026112213.tsv");
  private static final Path CSV_GZ = new Path("/logs/2026/11/22/13/SalesReport-2026112213.csv.gz");

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static MapDriver<FileOffset, LineBlock, Text, ScoreSum> driver(RankingPolicy policy, Path file) {
    // SumMapper writes ScoreSums, or SpanSums over several spans (erased alike at run time).
    MapDriver<FileOffset, LineBlock, Text, ScoreSum> driver = (MapDriver) MapDriver.newMapDriver(new SumMapper());
    Configuration conf = driver.getConfiguration();
    policy.writeTo(conf);
    SalesRankConfig.setEnd(conf, END);
    // MRUnit cannot stand in for MultipleOutputs without PowerMock's runner; the examples file is
    // exercised on the local runner (RankPipelineTest).
    conf.setInt(SalesRankConfig.MALFORMED_EXAMPLES_PER_TASK, 0);
    return driver.withMapInputPath(file);
  }

  /** The lines of {@code file} from {@code offset}, each ended by LF, as one block. */
  private static LineBlock block(Path file, long offset, String... lines) {
    return LineBlock.of(file, offset, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }


  @Test
  void emitsCategoryAndOverallKeysForASale() throws IOException {
    List<Pair<Text, ScoreSum>> out = driver(RankingPolicy.window(168), TSV)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:05:09Z\tp50\tc1\t3\t29.97\tseller-7\tbuyer-9"))
        .withCounter(SalesRankCounters.LINES_READ, 1)
        .withCounter(SalesRankCounters.COUNTED, 1)
        .run();
    assertThat(out).extracting(p -> p.getFirst().toString()).containsExactlyInAnyOrder("c1\tp50", "*\tp50");
    assertThat(out).allSatisfy(p -> {
      assertThat(p.getSecond().units()).isEqualTo(3);
      assertThat(p.getSecond().score()).isEqualTo(3.0);
    });
  }

  @Test
  void aPackedSplitParsesEachLineByItsOwnFilesFormat() throws IOException {
    // SalesInputFormat packs many files into one split; each key names its line's file.
    List<Pair<Text, ScoreSum>> out = driver(RankingPolicy.window(168), TSV)
        .withInput(new FileOffset(CSV_GZ, 0), block(CSV_GZ, 0, "2026-11-22T13:05:09Z,p50,c1,1,9.99,cust-1"))
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:05:09Z\tp50\tc1\t3\t29.97\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(CSV_GZ, 41), block(CSV_GZ, 41, "2026-11-22T13:06:09Z,p51,c1,2,9.99,cust-2"))
        .withInput(new FileOffset(TSV, 57), block(TSV, 57, "2026-11-22T13:06:09Z,p51,c1,2,9.99,cust-2"))
        .withCounter(SalesRankCounters.LINES_READ, 4)
        .withCounter(SalesRankCounters.COUNTED, 3)
        .withCounter(SalesRankCounters.MALFORMED_LINES, 1)
        .run();
    assertThat(out).extracting(p -> p.getFirst() + "=" + p.getSecond().units())
        .containsExactlyInAnyOrder("c1\tp50=4", "*\tp50=4", "c1\tp51=2", "*\tp51=2");
  }

  @Test
  void neverEmitsCustomerSellerOrBuyerIds() throws IOException {
    List<Pair<Text, ScoreSum>> out = driver(RankingPolicy.window(168), CSV_GZ)
        .withInput(new FileOffset(CSV_GZ, 0), block(CSV_GZ, 0, "2026-11-22T13:05:09Z,p50,c1,1,9.99,\"cust-4711\""))
        .run();
    assertThat(out).hasSize(2).allSatisfy(p -> assertThat(p.toString()).doesNotContain("cust", "4711"));
  }

  @Test
  void choosesCsvByNameBeneathTheCompressionSuffix() throws IOException {
    driver(RankingPolicy.window(168), CSV_GZ)
        .withInput(new FileOffset(CSV_GZ, 0), block(CSV_GZ, 0, "2026-11-22T13:05:09Z,p50,c1,2,9.99,cust-1"))
        .withOutput(new Text("c1\tp50"), sum(2, 1))
        .withOutput(new Text("*\tp50"), sum(2, 1))
        .runTest(false);
  }

  @Test
  void skipsHeaderAndEmptyLines() throws IOException {
    driver(RankingPolicy.window(168), CSV_GZ)
        .withInput(new FileOffset(CSV_GZ, 0), block(CSV_GZ, 0, "timestamp,product_id,category_id,qty,total_price,customer_id"))
        .withInput(new FileOffset(CSV_GZ, 60), block(CSV_GZ, 60, ""))
        .withCounter(SalesRankCounters.LINES_READ, 2)
        .withCounter(SalesRankCounters.HEADER_LINES, 1)
        .withCounter(SalesRankCounters.EMPTY_LINES, 1)
        .withCounter(SalesRankCounters.MALFORMED_LINES, 0)
        .runTest();
  }

  @Test
  void countsMalformedLinesByReason() throws IOException {
    driver(RankingPolicy.window(168), TSV)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:05:09Z\tp50\tc1\t3"))
        .withInput(new FileOffset(TSV, 30), block(TSV, 30, "2026-11-22T13:05:09Z\tp50\tc1\tlots\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 70), block(TSV, 70, "2026-11-22T13:05:09Z\tp50\tc1\t1.5\t1\ts\tb"))
        .withCounter(SalesRankCounters.LINES_READ, 3)
        .withCounter(SalesRankCounters.MALFORMED_LINES, 3)
        .withCounter(Malformed.FIELD_COUNT, 1)
        .withCounter(Malformed.BAD_QUANTITY, 2)
        .withCounter(SalesRankCounters.COUNTED, 0)
        .runTest();
  }

  @Test
  void windowIncludesItsFirstMillisecondAndExcludesItsEnd() throws IOException {
    driver(RankingPolicy.window(2), TSV)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T12:00:00Z\tfirst\tc\t1\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 1), block(TSV, 1, "2026-11-22T13:59:59.999Z\tlast\tc\t1\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 2), block(TSV, 2, "2026-11-22T14:00:00Z\tend\tc\t1\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 3), block(TSV, 3, "2026-11-22T11:59:59.999Z\tbefore\tc\t1\t1\ts\tb"))
        .withOutput(new Text("c\tfirst"), sum(1, 1))
        .withOutput(new Text("*\tfirst"), sum(1, 1))
        .withOutput(new Text("c\tlast"), sum(1, 1))
        .withOutput(new Text("*\tlast"), sum(1, 1))
        .withCounter(SalesRankCounters.OUTSIDE_WINDOW, 2)
        .withCounter(SalesRankCounters.COUNTED, 2)
        .runTest(false);
  }

  @Test
  void decayHalvesTheWeightEveryHalfLife() throws IOException {
    List<Pair<Text, ScoreSum>> out = driver(RankingPolicy.decay(24, 2160), TSV)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-21T14:00:00Z\tp\tc1\t4\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 1), block(TSV, 1, "2026-11-20T14:00:00Z\tp\tc2\t4\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 2), block(TSV, 2, "2026-11-22T02:00:00Z\tp\tc3\t2\t1\ts\tb"))
        .run();
    java.util.Map<String, Double> scores = new java.util.HashMap<>();
    out.forEach(p -> scores.put(p.getFirst().toString(), p.getSecond().score()));
    assertThat(scores.get("c1\tp")).isEqualTo(2.0);
    assertThat(scores.get("c2\tp")).isEqualTo(1.0);
    assertThat(scores.get("c3\tp")).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-15));
    // The task sums what it emits: one overall record for the product, all three lines in it.
    assertThat(scores.get("*\tp")).isCloseTo(3 + Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-15));
    assertThat(out).hasSize(4);
  }

  @Test
  void sumsRepeatedKeysInTheTaskAndFlushesWhenItsMapIsFull() throws IOException {
    MapDriver<FileOffset, LineBlock, Text, ScoreSum> d = driver(RankingPolicy.window(168), TSV);
    d.getConfiguration().setInt(SalesRankConfig.MAP_AGGREGATE_MAX_KEYS, 2);
    List<Pair<Text, ScoreSum>> out = d
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:00:00Z\tp1\tc\t1\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 1), block(TSV, 1, "2026-11-22T13:00:01Z\tp1\tc\t2\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 2), block(TSV, 2, "2026-11-22T13:00:02Z\tp2\tc\t5\t1\ts\tb"))
        .run();
    // Two keys fit: p1's two lines are one record each for c and *; then p2 forces a flush.
    assertThat(out).extracting(p -> p.getFirst() + "=" + p.getSecond().units())
        .containsExactlyInAnyOrder("c\tp1=3", "*\tp1=3", "c\tp2=5", "*\tp2=5");
  }

  @Test
  void decayCountsOnlyTheLookback() throws IOException {
    driver(RankingPolicy.decay(24, 48), TSV)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-20T14:00:00Z\tp\tc\t1\t1\ts\tb"))
        .withInput(new FileOffset(TSV, 1), block(TSV, 1, "2026-11-20T13:59:59Z\tp\tc\t1\t1\ts\tb"))
        .withOutput(new Text("c\tp"), sum(1, 0.25))
        .withOutput(new Text("*\tp"), sum(1, 0.25))
        .withCounter(SalesRankCounters.OUTSIDE_WINDOW, 1)
        .runTest(false);
  }

  /** The driver of a run with rules: {@code tree} (lines of a tree file, or null), spans and metric. */
  private static MapDriver<FileOffset, LineBlock, Text, ScoreSum> driver(java.nio.file.Path dir, String tree,
      String spanHours, RankingRules.Metric metric) throws IOException {
    MapDriver<FileOffset, LineBlock, Text, ScoreSum> d = driver(RankingPolicy.window(24), TSV);
    Configuration conf = d.getConfiguration();
    if (tree != null) {
      java.nio.file.Path file = dir.resolve("tree.tsv");
      java.nio.file.Files.writeString(file, tree);
      conf.set(SalesRankConfig.CATEGORY_TREE, file.toUri().toString());
    }
    if (spanHours != null) {
      conf.set(SalesRankConfig.SPAN_HOURS, spanHours);
    }
    conf.set(SalesRankConfig.METRIC, metric.name());
    return d;
  }

  @Test
  void withATreeASaleCountsInItsCategoryEachAncestorAndTheOverallOnce(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws IOException {
    List<Pair<Text, ScoreSum>> out = driver(dir, "audio\telectronics\nheadphones\taudio\nelectronics\n", null,
        RankingRules.Metric.UNITS)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:05:09Z\tp50\theadphones\t3\t29.97\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(TSV, 60), block(TSV, 60, "2026-11-22T13:06:09Z\tp51\taudio\t2\t9.99\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(TSV, 120), block(TSV, 120, "2026-11-22T13:07:09Z\tp52\tcables\t1\t9.99\tseller-7\tbuyer-9"))
        .withCounter(SalesRankCounters.COUNTED, 3)
        .run();
    assertThat(out).extracting(p -> p.getFirst() + "=" + p.getSecond().units()).containsExactlyInAnyOrder(
        "headphones\tp50=3", "audio\tp50=3", "electronics\tp50=3", "*\tp50=3",
        "audio\tp51=2", "electronics\tp51=2", "*\tp51=2",
        "cables\tp52=1", "*\tp52=1");
  }

  @Test
  void withATreeAndFullTablesEachSaleStillCountsOnceInEachRanking(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws IOException {
    MapDriver<FileOffset, LineBlock, Text, ScoreSum> d = driver(dir, "audio\telectronics\nheadphones\taudio\nelectronics\n",
        null, RankingRules.Metric.UNITS);
    d.getConfiguration().setInt(SalesRankConfig.MAP_AGGREGATE_MAX_KEYS, 1);
    String[] lines = {"p50\theadphones\t3", "p51\taudio\t2", "p50\theadphones\t1", "p50\taudio\t4", "p52\tcables\t1"};
    for (int i = 0; i < lines.length; i++) {
      d.withInput(new FileOffset(TSV, 60 * i),
          block(TSV, 60 * i, "2026-11-22T13:0" + i + ":09Z\t" + lines[i] + "\t9.99\tseller-7\tbuyer-9"));
    }
    java.util.Map<String, Long> units = new java.util.TreeMap<>();
    for (Pair<Text, ScoreSum> p : d.run()) {
      units.merge(p.getFirst().toString(), p.getSecond().units(), Long::sum);
    }
    // Added up as the shuffle does: a table of one key spills at every new key, and each spilled sum
    // of a leaf is fanned out once.
    assertThat(units).isEqualTo(java.util.Map.of(
        "headphones\tp50", 4L, "audio\tp50", 8L, "electronics\tp50", 8L, "*\tp50", 8L,
        "audio\tp51", 2L, "electronics\tp51", 2L, "*\tp51", 2L,
        "cables\tp52", 1L, "*\tp52", 1L));
  }

  @Test
  void withFallbackSpansASaleCountsOnceInTheRingOfTimeItFallsIn(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws IOException {
    // END is 14:00; spans of 24, 48 and 96 hours: rings [-24 h, end), [-48 h, -24 h), [-96 h, -48 h).
    MapDriver<FileOffset, LineBlock, Text, ScoreSum> d = driver(dir, null, "24,48,96", RankingRules.Metric.UNITS);
    List<Pair<Text, ScoreSum>> out = d
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:05:09Z\tp50\tc1\t3\t29.97\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(TSV, 60), block(TSV, 60, "2026-11-20T10:00:00Z\tp51\tc1\t2\t9.99\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(TSV, 120), block(TSV, 120, "2026-11-18T13:00:00Z\tp52\tc1\t1\t9.99\tseller-7\tbuyer-9"))
        .withCounter(SalesRankCounters.COUNTED, 2)
        .withCounter(SalesRankCounters.OUTSIDE_WINDOW, 1)
        .run();
    ScoreSum span = new ScoreSum();
    assertThat(out).extracting(p -> {
      SpanSums rings = (SpanSums) ((Pair<?, ?>) p).getSecond();
      StringBuilder units = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        rings.span(i, span);
        units.append(i == 0 ? "" : ",").append(span.units());
      }
      return p.getFirst() + "=" + units;
    }).containsExactlyInAnyOrder("c1\tp50=3,3,3", "*\tp50=3,3,3", "c1\tp51=0,0,2", "*\tp51=0,0,2");
  }

  @Test
  void byOrdersASaleScoresOneAReturnMinusOneAndUnitsStayUnits(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws IOException {
    List<Pair<Text, ScoreSum>> out = driver(dir, null, null, RankingRules.Metric.ORDERS)
        .withInput(new FileOffset(TSV, 0), block(TSV, 0, "2026-11-22T13:05:09Z\tp50\tc1\t500\t29.97\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(TSV, 60), block(TSV, 60, "2026-11-22T13:06:09Z\tp51\tc1\t-3\t9.99\tseller-7\tbuyer-9"))
        .withInput(new FileOffset(TSV, 120), block(TSV, 120, "2026-11-22T13:07:09Z\tp52\tc1\t0\t9.99\tseller-7\tbuyer-9"))
        .run();
    assertThat(out).filteredOn(p -> p.getFirst().toString().startsWith("c1"))
        .extracting(p -> p.getFirst() + "=" + p.getSecond().units() + "/" + p.getSecond().score())
        .containsExactlyInAnyOrder("c1\tp50=500/1.0", "c1\tp51=-3/-1.0", "c1\tp52=0/0.0");
  }
}
