package io.salesrank.mr.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ranking rules of docs/ranking-rules.md (a category tree, sparse categories that fall back, orders
 * instead of units) through the whole pipeline, with and without a state, against the plain-Java
 * {@link ReferenceRanking}, and the cases the rules exist for checked by hand.
 */
class RankingRulesRunTest {

  private static final Instant FIRST = Instant.parse("2026-11-20T00:00:00Z");
  private static final int HOURS = 100;
  /** The end of the last hour of logs. */
  private static final Instant END = FIRST.plusSeconds(HOURS * 3600L);
  private static final int TOP = 30;
  private static final RankingPolicy WINDOW = RankingPolicy.window(24);
  private static final RankingPolicy DECAY = RankingPolicy.decay(12, 24);
  private static final List<Integer> FALLBACKS = List.of(48, 96);
  private static final String TREE = String.join("\n",
      "# three levels; r2's parent field is empty, r1's absent",
      "r1",
      "r2\t",
      "",
      "r1.a\tr1",
      "r1.b\tr1",
      "r2.c\tr2",
      "r1.a.x\tr1.a",
      "r1.a.y\tr1.a",
      "r1.b.x\tr1.b",
      "r2.c.x\tr2.c") + "\n";
  private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH").withZone(ZoneOffset.UTC);

  /**
   * Variants: p10-p14 roll up to a parent never sold itself, p5 and p6 to p7 (which sells too), and in
   * "ord" o2 to o4, which changes both the units and the orders ranking there; sp.1's s2 to s1, which
   * makes sp.1 sparser. Parents are never variants.
   */
  private static final String PARENTS = String.join("\n",
      "# variant\tparent",
      "p10\tP-a", "p11\tP-a", "p12\tP-a", "p13\tP-b", "p14\tP-b",
      "",
      "p5\tp7", "p6\tp7",
      "o2\to4",
      "s2\ts1") + "\n";

  @TempDir
  static Path shared;
  static Path logs;
  static Path tree;
  static Path productParents;
  static Configuration conf;
  /** Every line written, for the sums checked by hand. */
  static final List<Sale> sales = new ArrayList<>();

  @TempDir
  Path dir;
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  record Sale(Instant time, String product, String category, int qty) {
  }

  @BeforeAll
  static void writeLogs() throws IOException {
    conf = LocalHadoop.conf(shared);
    logs = shared.resolve("logs");
    tree = shared.resolve("tree.tsv");
    Files.writeString(tree, TREE);
    productParents = shared.resolve("parents.tsv");
    Files.writeString(productParents, PARENTS);
    Random random = new Random(7);
    String[] leaves = {"r1.a.x", "r1.a.y", "r1.b.x", "r2.c.x"};
    String[] parents = {"r1.a", "r1.b"};
    for (int h = 0; h < HOURS; h++) {
      Instant hour = FIRST.plusSeconds(h * 3600L);
      for (int i = 0; i < 30; i++) {
        int pick = random.nextInt(100);
        // Mostly leaves; parents and a root also sell on their own.
        String category = pick < 80 ? leaves[random.nextInt(leaves.length)] : pick < 95 ? parents[random.nextInt(2)] : "r1";
        int q = random.nextInt(100);
        int qty = q < 85 ? 1 + random.nextInt(5) : q < 95 ? -1 - random.nextInt(3) : 0;
        sales.add(new Sale(hour.plusSeconds(random.nextInt(3600)), "p" + random.nextInt(25), category, qty));
      }
    }
    // Sparse categories, by age in hours at END: enough products over 24 h, over 48 h, over 96 h, never.
    sparse("sp.0", new double[] {2, 3, 4});
    sparse("sp.1", new double[] {2, 30, 31});
    sparse("sp.2", new double[] {2, 60, 80});
    sparse("sp.3", new double[] {2, 90});
    // Units against orders: one bulk order; four single units; a sale and its return; a sale half returned.
    sale("ord", "o1", 3, 500);
    for (int i = 1; i <= 4; i++) {
      sale("ord", "o2", i, 1);
    }
    sale("ord", "o3", 5, 3);
    sale("ord", "o3", 4.5, -3);
    sale("ord", "o4", 6, 2);
    sale("ord", "o4", 5.5, -1);
    write();
  }

  private static void sparse(String category, double[] ages) {
    for (int i = 0; i < ages.length; i++) {
      sale(category, "s" + (i + 1), ages[i], 1);
    }
  }

  private static void sale(String category, String product, double ageHours, int qty) {
    sales.add(new Sale(END.minusSeconds((long) (ageHours * 3600)), product, category, qty));
  }

  private static void write() throws IOException {
    Map<String, StringBuilder> files = new HashMap<>();
    for (Sale s : sales) {
      files.computeIfAbsent(HOUR_DIR.format(s.time()), h -> new StringBuilder())
          .append(s.time().getEpochSecond()).append('\t').append(s.product()).append('\t').append(s.category())
          .append('\t').append(s.qty()).append("\t9.99\tseller-1\tbuyer-1\n");
    }
    for (Map.Entry<String, StringBuilder> f : files.entrySet()) {
      Path hourDir = logs.resolve(f.getKey());
      Files.createDirectories(hourDir);
      Files.writeString(hourDir.resolve("sales-1.tsv"), f.getValue());
      Files.createFile(hourDir.resolve("_SUCCESS"));
    }
  }


  private static RankingRules rules(boolean orders, boolean withTree, int minProducts) {
    return new RankingRules(orders ? RankingRules.Metric.ORDERS : RankingRules.Metric.UNITS,
        withTree ? LocalHadoop.path(tree) : null, minProducts, FALLBACKS);
  }

  private static RankingRules withVariants(RankingRules rules) {
    return rules.withProductParent(LocalHadoop.path(productParents));
  }

  private static ReferenceRanking.Rules reference(RankingRules rules) throws IOException {
    return new ReferenceRanking.Rules(rules.metric() == RankingRules.Metric.ORDERS,
        rules.categoryTree() == null ? Map.of() : ReferenceRanking.parents(tree), rules.minProducts(),
        rules.fallbackHours()).withProductParents(rules.productParent() == null ? Map.of()
            : ReferenceRanking.productParents(productParents));
  }

  private RankingManifest rank(Instant end, RankingPolicy policy, RankingRules rules, Path state, String name)
      throws Exception {
    RankRequest request = new RankRequest(LocalHadoop.path(logs), end, policy, rules, TOP, 0.01,
        state == null ? null : LocalHadoop.path(state));
    return new RankPipeline(Clock.systemUTC(), new PrintStream(progress, true, StandardCharsets.UTF_8))
        .rank(conf, request, RankPipeline.Output.keptIn(LocalHadoop.path(dir.resolve(name))));
  }

  private List<RankedRow> rows(String name) throws IOException {
    List<RankedRow> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve(name).resolve("ranking"))) {
      for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
        for (String line : Files.readAllLines(part)) {
          rows.add(RankedRow.parse(line));
        }
      }
    }
    rows.sort(Comparator.comparing(RankedRow::categoryId).thenComparingInt(RankedRow::rank));
    return rows;
  }

  /** Ranks as of {@code end} and checks rows and fallbacks against the reference; returns the manifest. */
  private RankingManifest rankAndCompare(Instant end, RankingPolicy policy, RankingRules rules, Path state,
      String name) throws Exception {
    RankingManifest manifest = rank(end, policy, rules, state, name);
    ReferenceRanking.Result expected = policy.kind() == RankingPolicy.Kind.TREND
        ? new ReferenceRanking.Result(ReferenceRanking.computeTrend(logs, end, policy.trendHours(), policy.minUnits(),
            reference(rules), TOP), Map.of())
        : ReferenceRanking.computeAt(logs, end, policy, reference(rules), TOP);
    List<RankedRow> actual = rows(name);
    assertThat(actual).hasSameSizeAs(expected.rows()).isNotEmpty();
    for (int i = 0; i < actual.size(); i++) {
      RankedRow a = actual.get(i);
      RankedRow e = expected.rows().get(i);
      assertThat(List.of(a.categoryId(), a.rank(), a.productId(), a.totalSold())).as("%s row %d", name, i)
          .isEqualTo(List.of(e.categoryId(), e.rank(), e.productId(), e.totalSold()));
      assertThat(Math.abs(a.score() - e.score())).as("%s row %d score", name, i)
          .isLessThanOrEqualTo(policy.kind() != RankingPolicy.Kind.DECAY ? 0 : Math.abs(e.score()) * 1e-9);
    }
    assertThat(manifest.fallbacksOrEmpty()).as(name).isEqualTo(expected.fallbacks());
    return manifest;
  }

  private static RankedRow row(List<RankedRow> rows, String category, String product) {
    return rows.stream().filter(r -> r.categoryId().equals(category) && r.productId().equals(product))
        .findFirst().orElse(null);
  }

  @Test
  void treeFallbackAndOrdersTogetherEqualTheReference() throws Exception {
    RankingManifest m = rankAndCompare(END, WINDOW, rules(true, true, 3), null, "all");
    // By orders, "ord" has two products above zero (o3's and o4's returns cancel their sales): never three.
    assertThat(m.fallbacksOrEmpty()).isEqualTo(Map.of("sp.1", 48, "sp.2", 96, "sp.3", 96, "ord", 96));
    assertThat(m.policy().metric()).isEqualTo("orders");
    assertThat(m.policy().minProducts()).isEqualTo(3);
    assertThat(m.policy().fallbackHours()).isEqualTo(FALLBACKS);
    assertThat(m.categoryTree().categories()).isEqualTo(9);
    assertThat(dir.resolve("all/ranking/_tree.tsv")).exists();
    List<RankedRow> rows = rows("all");
    assertThat(rows).filteredOn(r -> r.categoryId().equals("sp.3")).extracting(RankedRow::productId)
        .containsExactly("s1", "s2");
  }

  @Test
  void theRulesWithMapTablesOfThreeKeysEqualTheReference() throws Exception {
    // Step 1's map tasks add each line under its own category and fan the sums out as they leave that
    // table: with three keys a table, both tables spill many times a task, and each sale still counts
    // once in its category, once in each ancestor and once overall.
    conf.setInt(SalesRankConfig.MAP_AGGREGATE_MAX_KEYS, 3);
    try {
      rankAndCompare(END, WINDOW, rules(true, true, 3), null, "tiny-tables");
    } finally {
      conf.unset(SalesRankConfig.MAP_AGGREGATE_MAX_KEYS);
    }
  }

  @Test
  void aParentCountsItsOwnSalesAndEachSubtreeOnceAndTheOverallCountsEachLineOnce() throws Exception {
    rankAndCompare(END, WINDOW, rules(false, true, 0), null, "tree");
    List<RankedRow> rows = rows("tree");
    Instant start = END.minusSeconds(24 * 3600L);
    for (String product : List.of("p1", "p2", "p3")) {
      long subtree = sum(product, start, List.of("r1.a", "r1.a.x", "r1.a.y"));
      long root = sum(product, start, List.of("r1", "r1.a", "r1.a.x", "r1.a.y", "r1.b", "r1.b.x"));
      long overall = sum(product, start, null);
      assertThat(row(rows, "r1.a", product).totalSold()).as(product).isEqualTo(subtree);
      assertThat(row(rows, "r1", product).totalSold()).as(product).isEqualTo(root);
      assertThat(row(rows, "*", product).totalSold()).as(product).isEqualTo(overall);
      assertThat(subtree).isLessThan(root);
    }
    // A product sold in both subtrees of r1.a.
    assertThat(sales.stream().filter(s -> s.product().equals("p1") && !s.time().isBefore(start)
        && s.time().isBefore(END)).map(Sale::category).distinct()).contains("r1.a.x", "r1.a.y");
  }

  private static long sum(String product, Instant start, List<String> categories) {
    return sales.stream().filter(s -> s.product().equals(product) && !s.time().isBefore(start) && s.time().isBefore(END)
        && (categories == null || categories.contains(s.category()))).mapToLong(Sale::qty).sum();
  }

  @Test
  void ordersRankOneBulkOrderBelowFourShoppersAndCountReturnsAsMinusOne() throws Exception {
    rankAndCompare(END, WINDOW, rules(false, false, 0), null, "units");
    rankAndCompare(END, WINDOW, rules(true, false, 0), null, "orders");
    assertThat(rows("units")).filteredOn(r -> r.categoryId().equals("ord"))
        .extracting(RankedRow::productId, RankedRow::totalSold, RankedRow::score)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", 500L, 500.0),
            org.assertj.core.groups.Tuple.tuple("o2", 4L, 4.0), org.assertj.core.groups.Tuple.tuple("o4", 1L, 1.0));
    assertThat(rows("orders")).filteredOn(r -> r.categoryId().equals("ord"))
        .extracting(RankedRow::productId, RankedRow::totalSold, RankedRow::score)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("o2", 4L, 4.0),
            org.assertj.core.groups.Tuple.tuple("o1", 500L, 1.0));
  }

  @Test
  void withAStateHourAfterHourAndAtARefreshTheRulesRankAsWithout() throws Exception {
    Path state = dir.resolve("state");
    RankingRules rules = rules(true, true, 3);
    rankAndCompare(END.minusSeconds(2 * 3600), WINDOW, rules, state, "h-2");
    rankAndCompare(END.minusSeconds(3600), WINDOW, rules, state, "h-1");
    rankAndCompare(END.minusSeconds(3600).plusSeconds(25 * 60), WINDOW, rules, state, "refresh");
    RankingManifest m = rankAndCompare(END, WINDOW, rules, state, "h");
    assertThat(m.input().hoursFromState()).isPositive();
    assertThat(m.fallbacksOrEmpty()).isEqualTo(Map.of("sp.1", 48, "sp.2", 96, "sp.3", 96, "ord", 96));
  }

  @Test
  void decayWithTheRulesEqualsTheReferenceWithAndWithoutAState() throws Exception {
    RankingRules rules = rules(false, true, 3);
    rankAndCompare(END, DECAY, rules, null, "plain");
    Path state = dir.resolve("state");
    rankAndCompare(END.minusSeconds(3600), DECAY, rules, state, "d-1");
    RankingManifest m = rankAndCompare(END, DECAY, rules, state, "d");
    assertThat(m.input().hoursFromState()).isPositive();
    assertThat(m.policy().lookbackHours()).isEqualTo(24);
  }

  @Test
  void aTrendEqualsTheReferenceWithTheTreeOrdersAndVariantsWithAndWithoutAState() throws Exception {
    RankingPolicy trend = RankingPolicy.trend(6, 3);
    for (boolean orders : new boolean[] {false, true}) {
      RankingManifest m = rankAndCompare(END, trend, withVariants(rules(orders, true, 0)), null, "plain-" + orders);
      assertThat(m.policy()).isEqualTo(new RankingManifest.Policy("trend", null, null, null,
          orders ? "orders" : "units", null, null, 6, 3L));
    }
    Path state = dir.resolve("state");
    RankingRules rules = withVariants(rules(true, true, 0));
    rankAndCompare(END.minusSeconds(3 * 3600), trend, rules, state, "t-3");
    rankAndCompare(END.minusSeconds(3600), trend, rules, state, "t-1");
    rankAndCompare(END.minusSeconds(3600).plusSeconds(25 * 60), trend, rules, state, "refresh");
    RankingManifest m = rankAndCompare(END, trend, rules, state, "t");
    assertThat(m.input().hoursFromState()).isPositive();
    // What a trend is for: a product that sold less now than before is not ranked, however much it sold.
    List<RankedRow> window = ReferenceRanking.computeAt(logs, END, RankingPolicy.window(6), reference(rules), TOP)
        .rows();
    List<RankedRow> trendRows = rows("t");
    assertThat(window.stream().filter(r -> row(trendRows, r.categoryId(), r.productId()) == null))
        .as("window rows the trend leaves out").isNotEmpty();
  }

  @Test
  void aTrendCountsReturnsInBothSpansAndItsMinimumOnUnitsNow() throws Exception {
    // In "ord" over the last 6 h: o1 500 units now, none before; o3's sale and return cancel; o4 2 - 1.
    rankAndCompare(END, RankingPolicy.trend(6, 2), rules(false, false, 0), null, "min2");
    assertThat(rows("min2")).filteredOn(r -> r.categoryId().equals("ord"))
        .extracting(RankedRow::productId, RankedRow::totalSold, RankedRow::score)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("o1", 500L, 500.0),
            org.assertj.core.groups.Tuple.tuple("o2", 4L, 4.0));
    rankAndCompare(END, RankingPolicy.trend(6, 5), rules(false, false, 0), null, "min5");
    assertThat(rows("min5")).filteredOn(r -> r.categoryId().equals("ord")).extracting(RankedRow::productId)
        .containsExactly("o1");
  }

  @Test
  void aStateBuiltWithOtherRulesIsRebuilt() throws Exception {
    Path state = dir.resolve("state");
    rank(END.minusSeconds(3600), WINDOW, rules(false, true, 0), state, "units");
    progress.reset();
    rankAndCompare(END, WINDOW, rules(true, true, 0), state, "orders");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("built for other ranking options");
    progress.reset();
    rankAndCompare(END.plusSeconds(0), WINDOW, rules(true, true, 3), state, "fallbacks");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("built for other ranking options");
  }

  @Test
  void aBrokenTreeFailsInOneLineAndRanksNothingNorTouchesTheState() throws Exception {
    Path state = dir.resolve("state");
    rank(END.minusSeconds(3600), WINDOW, rules(false, true, 0), state, "before");
    List<Path> stateBefore = listing(state);
    Files.writeString(tree.resolveSibling("cycle.tsv"), "a\tc\nb\ta\nc\tb\n");
    RankRequest request = new RankRequest(LocalHadoop.path(logs), END, WINDOW,
        rules(false, false, 0).withCategoryTree(LocalHadoop.path(tree.resolveSibling("cycle.tsv"))), TOP, 0.01, LocalHadoop.path(state));
    assertThatThrownBy(() -> new RankPipeline(Clock.systemUTC(), new PrintStream(progress, true, StandardCharsets.UTF_8))
        .rank(conf, request, RankPipeline.Output.keptIn(LocalHadoop.path(dir.resolve("broken")))))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("cycle.tsv").hasMessageContaining("line 3").hasMessageContaining("cycle")
        .hasMessageNotContaining("\n");
    assertThat(dir.resolve("broken/ranking")).doesNotExist();
    assertThat(listing(state)).isEqualTo(stateBefore);
  }

  @Test
  void variantsRollUpBeforeTheTreeTheMetricAndTheFallbackAsTheReference() throws Exception {
    RankingManifest units = rankAndCompare(END, WINDOW, withVariants(rules(false, true, 3)), null, "v-units");
    rankAndCompare(END, WINDOW, withVariants(rules(true, true, 3)), null, "v-orders");
    assertThat(units.productParent().variants()).isEqualTo(9);
    assertThat(units.productParent().file()).endsWith("parents.tsv");
    // s2 counts as s1 now: sp.1 has one product over 48 h, and falls back further.
    assertThat(units.fallbacksOrEmpty()).containsEntry("sp.1", 96);
    List<RankedRow> rows = rows("v-units");
    assertThat(rows).extracting(RankedRow::productId).doesNotContain("p10", "p11", "p12", "p13", "p14", "p5", "p6",
        "o2", "s2").contains("P-a", "P-b", "p7");
    // o4's own 2 - 1 and o2's four single units.
    assertThat(row(rows, "ord", "o4").totalSold()).isEqualTo(5);
    Instant start = END.minusSeconds(24 * 3600L);
    assertThat(row(rows, "*", "P-a").totalSold()).isEqualTo(sum("p10", start, null) + sum("p11", start, null)
        + sum("p12", start, null));
  }

  @Test
  void variantsWithAStateRankAsWithoutForWindowsAndDecay() throws Exception {
    Path state = dir.resolve("state");
    RankingRules rules = withVariants(rules(true, true, 3));
    rankAndCompare(END.minusSeconds(2 * 3600), WINDOW, rules, state, "w-2");
    rankAndCompare(END.minusSeconds(3600).plusSeconds(25 * 60), WINDOW, rules, state, "w-refresh");
    RankingManifest m = rankAndCompare(END, WINDOW, rules, state, "w");
    assertThat(m.input().hoursFromState()).isPositive();
    Path decayState = dir.resolve("decay-state");
    rankAndCompare(END.minusSeconds(3600), DECAY, withVariants(rules(false, false, 0)), decayState, "d-1");
    assertThat(rankAndCompare(END, DECAY, withVariants(rules(false, false, 0)), decayState, "d").input()
        .hoursFromState()).isPositive();
  }

  @Test
  void aStateBuiltWithoutTheVariantsOrWithOthersIsRebuilt() throws Exception {
    Path state = dir.resolve("state");
    rank(END.minusSeconds(3600), WINDOW, rules(false, false, 0), state, "plain");
    progress.reset();
    rankAndCompare(END, WINDOW, withVariants(rules(false, false, 0)), state, "variants");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("built for other ranking options")
        .contains("product parents " + LocalHadoop.path(productParents) + ": 9 variants");
    Path other = dir.resolve("other-parents.tsv");
    Files.writeString(other, "p1\tP-z\n");
    progress.reset();
    RankingRules otherRules = rules(false, false, 0).withProductParent(LocalHadoop.path(other));
    rank(END, WINDOW, otherRules, state, "other");
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("built for other ranking options");
    assertThat(rows("other")).extracting(RankedRow::productId).contains("P-z").doesNotContain("p1");
  }

  @Test
  void aBrokenProductParentFileFailsInOneLineAndRanksNothingNorTouchesTheState() throws Exception {
    Path state = dir.resolve("state");
    rank(END.minusSeconds(3600), WINDOW, rules(false, false, 0), state, "before");
    List<Path> stateBefore = listing(state);
    Path chain = dir.resolve("chain.tsv");
    Files.writeString(chain, "# sizes\nshirt-s\tshirt\nshirt\tshirt-family\n");
    RankRequest request = new RankRequest(LocalHadoop.path(logs), END, WINDOW,
        rules(false, false, 0).withProductParent(LocalHadoop.path(chain)), TOP, 0.01, LocalHadoop.path(state));
    assertThatThrownBy(() -> new RankPipeline(Clock.systemUTC(), new PrintStream(progress, true, StandardCharsets.UTF_8))
        .rank(conf, request, RankPipeline.Output.keptIn(LocalHadoop.path(dir.resolve("broken")))))
        .isInstanceOf(SalesRankException.class)
        .hasMessage("product parents " + LocalHadoop.path(chain) + ": line 2: parent shirt is itself listed as a"
            + " variant (line 3); chains are not allowed, name the top parent; nothing was ranked");
    assertThat(dir.resolve("broken/ranking")).doesNotExist();
    assertThat(listing(state)).isEqualTo(stateBefore);
  }

  private static List<Path> listing(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.sorted().toList();
    }
  }
}
