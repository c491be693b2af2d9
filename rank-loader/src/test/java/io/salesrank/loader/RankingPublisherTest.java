package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Publishing into a real PostgreSQL. */
class RankingPublisherTest {

  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.migrated();
  DataSource db;
  @TempDir
  Path dir;

  @BeforeEach
  void freshSchema() {
    db = pg.dataSource();
  }

  private RankingPublisher.Result publish(Path ranking, PublishSettings options) throws IOException {
    return publish(new RankingPublisher(db, options), ranking);
  }

  private static RankingPublisher.Result publish(RankingPublisher publisher, Path ranking) throws IOException {
    return publisher.publish(RankingDirectory.open(new Configuration(), new org.apache.hadoop.fs.Path(ranking.toUri())));
  }

  private RankingPublisher.Result publish(Path ranking) throws IOException {
    return publish(ranking, PublishSettings.defaults());
  }

  private Path ranking(String name, String hour, List<RankedRow> rows) throws IOException {
    return RankingDirs.write(dir.resolve(name), hour, 100, rows);
  }

  private List<String> view() throws SQLException {
    return pg.query("SELECT category_id, rank, product_id, total_sold, score, as_of, computed_at"
        + " FROM sales_rank_current ORDER BY category_id, rank").stream().map(r -> String.join("|", r)).toList();
  }

  @Test
  void publishesAndTheViewShowsEveryRowOfTheDirectory() throws Exception {
    List<RankedRow> rows = RankingDirs.rows(3, 5, r -> 100L - r);
    RankingPublisher.Result result = publish(ranking("a", "2026-11-22T13", rows));

    assertThat(pg.scalar("SELECT run_id FROM current_ranking")).isEqualTo("" + result.runId());
    assertThat(result.rows()).isEqualTo(20);
    assertThat(result.categories()).isEqualTo(4);
    assertThat(pg.query("SELECT category_id, rank, product_id, total_sold, score FROM sales_rank_current"
        + " ORDER BY category_id, rank"))
        .containsExactlyElementsOf(rows.stream().sorted(java.util.Comparator.comparing(RankedRow::categoryId)
                .thenComparingInt(RankedRow::rank))
            .map(r -> List.of(r.categoryId(), "" + r.rank(), r.productId(), "" + r.totalSold(),
                "" + (long) r.score()))
            .toList());
    assertThat(pg.query("SELECT DISTINCT as_of, computed_at FROM sales_rank_current"))
        .containsExactly(List.of("2026-11-22 14:00:00+00", "2026-11-22 14:06:12+00"));
    assertThat(pg.query("SELECT hour, policy_kind, window_hours, top_n, status, row_count, category_count,"
        + " manifest->>'hour' FROM ranking_run"))
        .containsExactly(List.of("2026-11-22 13:00:00+00", "window", "168", "100", "published", "20", "4",
            "2026-11-22T13"));
  }

  @Test
  void republishingAnHourReplacesIt() throws Exception {
    publish(ranking("first", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    RankingPublisher.Result again = publish(ranking("again", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 200L - r)));

    assertThat(again.replacedRuns()).isEqualTo(1);
    assertThat(pg.scalar("SELECT min(total_sold) FROM sales_rank_current")).isEqualTo("195");
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(pg.scalar("SELECT count(*) FROM sales_rank")).isEqualTo("20");
  }

  @Test
  void publishingTheSameDirectoryTwiceChangesNothingVisible() throws Exception {
    Path a = ranking("a", "2026-11-22T13", RankingDirs.rows(4, 10, r -> 50L - r));
    publish(a);
    List<String> before = view();
    publish(a);
    assertThat(view()).isEqualTo(before);
  }

  @Test
  void anOlderAsOfJoinsTheHistoryAndTheNewestStaysCurrent() throws Exception {
    publish(ranking("h13", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    RankingPublisher.Result h14 = publish(ranking("h14", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 200L - r)));
    assertThat(h14.current()).isTrue();

    // docs/publishing.md: the newest as_of is current; a backfill of an older one only joins the history.
    RankingPublisher.Result h12 = publish(ranking("h12", "2026-11-22T12", RankingDirs.rows(3, 5, r -> 300L - r)));

    assertThat(h12.current()).isFalse();
    assertThat(h12.currentAsOf()).isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
    assertThat(pg.scalar("SELECT run_id FROM current_ranking")).isEqualTo("" + h14.runId());
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 15:00:00+00");
    assertThat(pg.scalar("SELECT min(total_sold) FROM sales_rank_current")).isEqualTo("195");
    assertThat(pg.query("SELECT as_of, status FROM ranking_run ORDER BY as_of").stream()
        .map(r -> String.join("|", r)).toList()).containsExactly("2026-11-22 13:00:00+00|published",
            "2026-11-22 14:00:00+00|published", "2026-11-22 15:00:00+00|published");
    assertThat(pg.query("SELECT as_of, count(*) FROM sales_rank_history GROUP BY as_of ORDER BY as_of").stream()
        .map(r -> String.join("|", r)).toList()).containsExactly("2026-11-22 13:00:00+00|20",
            "2026-11-22 14:00:00+00|20", "2026-11-22 15:00:00+00|20");
  }

  @Test
  void republishingAnOlderAsOfReplacesItInTheHistoryAndLeavesTheCurrentOne() throws Exception {
    RankingPublisher.Result first = publish(ranking("h12", "2026-11-22T12", RankingDirs.rows(3, 5, r -> 100L - r)));
    RankingPublisher.Result h14 = publish(ranking("h14", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 200L - r)));

    RankingPublisher.Result again = publish(ranking("h12-again", "2026-11-22T12",
        RankingDirs.rows(3, 5, r -> 300L - r)));

    assertThat(again.replacedRuns()).isEqualTo(1);
    assertThat(again.current()).isFalse();
    assertThat(pg.scalar("SELECT run_id FROM current_ranking")).isEqualTo("" + h14.runId());
    assertThat(pg.query("SELECT run_id, as_of FROM ranking_run ORDER BY as_of").stream()
        .map(r -> String.join("|", r)).toList()).containsExactly(again.runId() + "|2026-11-22 13:00:00+00",
            h14.runId() + "|2026-11-22 15:00:00+00");
    assertThat(pg.scalar("SELECT to_regclass('sales_rank_r" + first.runId() + "') IS NULL")).isEqualTo("t");
    assertThat(pg.scalar("SELECT min(total_sold) FROM sales_rank_history WHERE as_of = '2026-11-22 13:00Z'"))
        .isEqualTo("295");
  }

  @Test
  void theSameAsOfByAnotherPolicyIsASecondRankingAndTheOnePublishedLastIsCurrent() throws Exception {
    RankingManifest.Policy decay = new RankingManifest.Policy("decay", null, 24.0, 720, "units", null, null);
    Instant asOf = Instant.parse("2026-11-22T14:00:00Z");
    RankingPublisher.Result window = publish(ranking("window", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    RankingPublisher.Result byDecay = publish(RankingDirs.write(dir.resolve("decay"), "2026-11-22T13", asOf, decay,
        100, RankingDirs.rows(3, 5, r -> 200L - r)));

    assertThat(byDecay.replacedRuns()).isZero();
    assertThat(byDecay.current()).isTrue();
    assertThat(pg.scalar("SELECT run_id FROM current_ranking")).isEqualTo("" + byDecay.runId());
    assertThat(pg.query("SELECT run_id, policy_kind, span_hours, status FROM ranking_run ORDER BY run_id").stream()
        .map(r -> String.join("|", r)).toList()).containsExactly(window.runId() + "|window|168|published",
            byDecay.runId() + "|decay|720|published");
    assertThat(pg.scalar("SELECT DISTINCT span_hours FROM sales_rank_current")).isEqualTo("720");

    // Re-running the window ranking replaces the window run alone and, published last, is current.
    RankingPublisher.Result windowAgain = publish(ranking("window-again", "2026-11-22T13",
        RankingDirs.rows(3, 5, r -> 300L - r)));

    assertThat(windowAgain.replacedRuns()).isEqualTo(1);
    assertThat(windowAgain.current()).isTrue();
    assertThat(pg.scalar("SELECT run_id FROM current_ranking")).isEqualTo("" + windowAgain.runId());
    assertThat(pg.query("SELECT run_id, policy_kind FROM ranking_run ORDER BY run_id").stream()
        .map(r -> String.join("|", r)).toList()).containsExactly(byDecay.runId() + "|decay",
            windowAgain.runId() + "|window");
  }

  /** A window ranking as of the end of {@code hour} by {@code policy}, naming {@code tree} and {@code fallbacks}. */
  private Path ranking(String name, String hour, RankingManifest.Policy policy, String treeTsv,
      Map<String, Integer> fallbacks, List<RankedRow> rows) throws IOException {
    Instant asOf = HourLayout.parseHour(hour).plus(Duration.ofHours(1));
    RankingManifest.CategoryTree tree = treeTsv == null ? null
        : new RankingManifest.CategoryTree("file:/trees/tree.tsv", (int) treeTsv.lines().count(),
            Integer.toHexString(treeTsv.hashCode()));
    Path ranking = RankingDirs.write(dir.resolve(name), hour, asOf, policy, 100, rows, tree, fallbacks);
    if (treeTsv != null) {
      Files.writeString(ranking.resolve(RankingManifest.TREE_FILE), treeTsv);
    }
    return ranking;
  }

  private static RankingManifest.Policy window(String metric, Integer minProducts, List<Integer> fallbackHours) {
    return new RankingManifest.Policy("window", 168, null, null, metric, minProducts, fallbackHours);
  }

  @Test
  void storesEachCategorysParentAndSpanAndTheViewsShowTheSpanOfEachCategory() throws Exception {
    // c2 under c1 under c0; c9 has no rows; c3 is not in the tree; '*' and c2 fell back.
    String tree = "c0\t\nc1\tc0\nc2\tc1\nc9\tc0\n";
    RankingManifest.Policy sparse = window("orders", 5, List.of(336, 720));
    RankingPublisher.Result result = publish(ranking("tree", "2026-11-22T13", sparse, tree,
        Map.of("*", 336, "c2", 720), RankingDirs.rows(4, 3, r -> 100L - r)));

    assertThat(pg.query("SELECT category_id, parent_id, span_hours FROM ranking_category WHERE run_id = "
        + result.runId() + " ORDER BY category_id")).containsExactly(
            Arrays.asList("*", null, "336"), Arrays.asList("c0", null, "168"), Arrays.asList("c1", "c0", "168"),
            Arrays.asList("c2", "c1", "720"), Arrays.asList("c3", null, "168"));
    assertThat(pg.query("SELECT metric, min_products, fallback_hours, category_tree_sha256, span_hours"
        + " FROM ranking_run")).containsExactly(
            List.of("orders", "5", "{336,720}", Integer.toHexString(tree.hashCode()), "168"));
    for (String view : List.of("sales_rank_current", "sales_rank_history")) {
      assertThat(pg.query("SELECT category_id, count(*), min(span_hours), max(span_hours) FROM " + view
          + " GROUP BY category_id ORDER BY category_id")).as(view).containsExactly(
              List.of("*", "3", "336", "336"), List.of("c0", "3", "168", "168"), List.of("c1", "3", "168", "168"),
              List.of("c2", "3", "720", "720"), List.of("c3", "3", "168", "168"));
    }
  }

  @Test
  void aRunWithoutTreeOrFallbacksHasEveryCategoryAtTheRunsSpanWithoutParent() throws Exception {
    RankingManifest.Policy decay = new RankingManifest.Policy("decay", null, 24.0, 720, null, null, null);
    RankingPublisher.Result result = publish(RankingDirs.write(dir.resolve("plain"), "2026-11-22T13",
        Instant.parse("2026-11-22T14:00:00Z"), decay, 100, RankingDirs.rows(2, 3, r -> 100L - r)));

    assertThat(pg.query("SELECT category_id, parent_id, span_hours FROM ranking_category WHERE run_id = "
        + result.runId() + " ORDER BY category_id")).containsExactly(Arrays.asList("*", null, "720"),
            Arrays.asList("c0", null, "720"), Arrays.asList("c1", null, "720"));
    // A manifest written before the rules existed counted units.
    assertThat(pg.query("SELECT metric, min_products, fallback_hours, category_tree_sha256 FROM ranking_run"))
        .containsExactly(Arrays.asList("units", "0", null, null));
  }

  @Test
  void theSameAsOfByOtherRulesIsAnotherRankingAndByTheSameRulesReplacesIt() throws Exception {
    String treeA = "c0\t\nc1\tc0\n";
    String treeB = "c0\t\nc1\t\n";
    record Variant(String name, RankingManifest.Policy policy, String tree) {
    }
    List<Variant> variants = List.of(
        new Variant("units", window("units", null, null), null),
        new Variant("orders", window("orders", null, null), null),
        new Variant("tree-a", window("units", null, null), treeA),
        new Variant("tree-b", window("units", null, null), treeB),
        new Variant("sparse-5", window("units", 5, List.of(336, 720)), null),
        new Variant("sparse-9", window("units", 9, List.of(336, 720)), null),
        new Variant("sparse-5-short", window("units", 5, List.of(336)), null));
    List<Long> first = new ArrayList<>();
    for (Variant v : variants) {
      RankingPublisher.Result r = publish(ranking(v.name(), "2026-11-22T13", v.policy(), v.tree(), Map.of(),
          RankingDirs.rows(2, 3, x -> 100L - x)));
      assertThat(r.replacedRuns()).as(v.name()).isZero();
      assertThat(r.current()).as(v.name()).isTrue();
      first.add(r.runId());
    }
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE status = 'published'")).isEqualTo("7");

    // The first ranking again, by a manifest written before the rules existed (no metric: units).
    RankingPublisher.Result old = publish(ranking("units-old", "2026-11-22T13", window(null, null, null), null,
        null, RankingDirs.rows(2, 3, x -> 200L - x)));
    assertThat(old.replacedRuns()).isEqualTo(1);
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE run_id = " + first.get(0))).isEqualTo("0");
    for (int i = 1; i < variants.size(); i++) {
      Variant v = variants.get(i);
      RankingPublisher.Result again = publish(ranking(v.name() + "-again", "2026-11-22T13", v.policy(), v.tree(),
          Map.of(), RankingDirs.rows(2, 3, x -> 300L - x)));
      assertThat(again.replacedRuns()).as(v.name()).isEqualTo(1);
      assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE run_id = " + first.get(i))).as(v.name())
          .isEqualTo("0");
    }
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE status = 'published'")).isEqualTo("7");
    // The replaced runs' categories went with them.
    assertThat(pg.scalar("SELECT count(*) FROM ranking_category")).isEqualTo("21");
    assertThat(pg.scalar("SELECT count(*) FROM ranking_category WHERE run_id NOT IN (SELECT run_id FROM"
        + " ranking_run)")).isEqualTo("0");
  }

  @Test
  void storesAnAsOfWithinTheHourExactlyAndRepublishingItReplacesIt() throws Exception {
    Instant quarterPast = Instant.parse("2026-11-22T13:15:00Z");
    RankingPublisher.Result first = publish(RankingDirs.write(dir.resolve("at-1315"), "2026-11-22T13", quarterPast,
        RankingDirs.WINDOW, 100, RankingDirs.rows(3, 5, r -> 100L - r)));
    RankingPublisher.Result again = publish(RankingDirs.write(dir.resolve("at-1315-again"), "2026-11-22T13",
        quarterPast, RankingDirs.WINDOW, 100, RankingDirs.rows(3, 5, r -> 200L - r)));

    assertThat(first.currentAsOf()).isEqualTo(quarterPast);
    assertThat(again.replacedRuns()).isEqualTo(1);
    assertThat(again.current()).isTrue();
    assertThat(pg.query("SELECT run_id, hour, as_of, span_hours FROM ranking_run")).containsExactly(
        List.of("" + again.runId(), "2026-11-22 13:00:00+00", "2026-11-22 13:15:00+00", "168"));
    assertThat(pg.query("SELECT DISTINCT as_of, span_hours FROM sales_rank_current"))
        .containsExactly(List.of("2026-11-22 13:15:00+00", "168"));

    // The ranking as of the end of the same hour is newer.
    RankingPublisher.Result endOfHour = publish(ranking("h13", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 9L)));
    assertThat(endOfHour.replacedRuns()).isZero();
    assertThat(endOfHour.current()).isTrue();
    assertThat(pg.scalar("SELECT count(*) FROM sales_rank_history")).isEqualTo("40");
  }

  @Test
  void aBrokenDirectoryFailsMidCopyAndThePreviousRankingStaysCurrent() throws Exception {
    publish(ranking("good", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    List<String> before = view();
    Path broken = ranking("broken", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 200L - r));
    // The second part file loses a row after the first part has been copied.
    Path part = broken.resolve("part-r-00001");
    List<String> lines = new ArrayList<>(Files.readAllLines(part));
    lines.remove(lines.size() - 2);
    Files.write(part, lines);

    assertThatThrownBy(() -> publish(broken))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("part-r-00001 line " + (lines.size()))
        .hasMessageContaining("has rank 5 after 3");
    assertThat(view()).isEqualTo(before);
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(pg.scalar("SELECT count(*) FROM sales_rank")).isEqualTo("20");
  }

  @Test
  void refusesDirectoriesThatAreIncompleteOrInconsistent() throws Exception {
    publish(ranking("good", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    List<String> before = view();

    Path noSuccess = ranking("no-success", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 9L));
    Files.delete(noSuccess.resolve("_SUCCESS"));
    assertThatThrownBy(() -> publish(noSuccess)).hasMessageContaining("has no _SUCCESS");

    Path noManifest = ranking("no-manifest", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 9L));
    Files.delete(noManifest.resolve("_ranking.json"));
    assertThatThrownBy(() -> publish(noManifest)).hasMessageContaining("has no _ranking.json");

    Path lostPart = ranking("lost-part", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 10L - r));
    Files.delete(lostPart.resolve("part-r-00001"));
    assertThatThrownBy(() -> publish(lostPart)).hasMessageContaining("holds 10 rows in 2 categories but");

    List<RankedRow> duplicate = new ArrayList<>(RankingDirs.rows(1, 3, r -> 10L - r));
    duplicate.set(2, new RankedRow("*", 3, "p000001", 7, 7));
    assertThatThrownBy(() -> publish(ranking("dup", "2026-11-22T14", duplicate)))
        .hasMessageContaining("product p000001 appears twice in category *");

    List<RankedRow> disordered = new ArrayList<>(RankingDirs.rows(1, 3, r -> 10L - r));
    disordered.set(2, new RankedRow("*", 3, "p000003", 70, 70));
    assertThatThrownBy(() -> publish(ranking("order", "2026-11-22T14", disordered)))
        .hasMessageContaining("is not in rank order at rank 3");

    // Lines are checked as bytes: each damage is named with its file and line.
    Map<String, String> damages = Map.of(
        "*\t1\tp000001\t9\n", "expected 5 TAB-separated fields",
        "*\t1\tp000001\t9\t9\t9\n", "expected 5 TAB-separated fields",
        "*\tone\tp000001\t9\t9\n", "rank, total_sold or score is not a number",
        "*\t1\tp000001\t9\tlots\n", "rank, total_sold or score is not a number",
        "*\t1\tp 1\t9\t9\n", "product_id is outside the id alphabet",
        "c/1\t1\tp000001\t9\t9\n", "category_id is outside the id alphabet",
        "*\t1\tp000001\t9\t0\n", "score must be a positive number",
        "*\t1\tp000001\t9\t9", "the last line has no line end");
    int n = 0;
    for (Map.Entry<String, String> d : damages.entrySet()) {
      Path damaged = ranking("damaged" + n++, "2026-11-22T14", List.of());
      Files.writeString(damaged.resolve("part-r-00000"), d.getKey());
      assertThatThrownBy(() -> publish(damaged)).as(d.getKey())
          .hasMessageContaining("part-r-00000 line 1").hasMessageContaining(d.getValue());
    }

    assertThat(view()).isEqualTo(before);
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(pg.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass")).isEqualTo("1");
  }

  @Test
  void publishesFractionalScoresAndNegativeTotals() throws Exception {
    // Under decay a recent sale outweighs an older, larger return: the score is positive, the total negative.
    List<RankedRow> rows = List.of(new RankedRow("*", 1, "p1", -3, 1.8371173070873836),
        new RankedRow("*", 2, "p2", 4, 1.25E-5), new RankedRow("c1", 1, "p1", -3, 1.8371173070873836));
    publish(ranking("decay", "2026-11-22T13", rows));
    assertThat(pg.query("SELECT category_id, rank, product_id, total_sold, score FROM sales_rank_current"
        + " ORDER BY category_id, rank").stream().map(r -> String.join("|", r)).toList())
        .containsExactly("*|1|p1|-3|1.8371173070873836", "*|2|p2|4|1.25e-05", "c1|1|p1|-3|1.8371173070873836");
  }

  @Test
  void guardRefusesARankingThatLostManyCategoriesUnlessForced() throws Exception {
    publish(ranking("full", "2026-11-22T13", RankingDirs.rows(10, 5, r -> 100L - r)));
    Path truncated = ranking("truncated", "2026-11-22T14", RankingDirs.rows(6, 5, r -> 200L - r));

    assertThatThrownBy(() -> publish(truncated))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("lacks 4 of the current ranking's 11 categories")
        .hasMessageContaining("--force");
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");
    // The refused run was staged (copied and attached) and is gone again, its categories too.
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(pg.scalar("SELECT count(*) FROM ranking_category")).isEqualTo("11");
    assertThat(pg.scalar("SELECT count(*) FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass")).isEqualTo("1");

    publish(truncated, new PublishSettings(PublishSettings.DEFAULT_KEEP_HOURS, 0.2, true));
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 15:00:00+00");
    // Within the allowed share, no force is needed.
    publish(ranking("slight", "2026-11-22T15", RankingDirs.rows(5, 5, r -> 9L)),
        new PublishSettings(PublishSettings.DEFAULT_KEEP_HOURS, 0.2, false));
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 16:00:00+00");
  }

  @Test
  void theGuardLetsABackfillWithFewerCategoriesJoinTheHistory() throws Exception {
    RankingPublisher.Result full = publish(ranking("full", "2026-11-22T14", RankingDirs.rows(10, 5, r -> 100L - r)));

    // Two of eleven categories: the guard would refuse it as the new current ranking, but it is older.
    RankingPublisher.Result backfill = publish(ranking("backfill", "2026-11-22T12",
        RankingDirs.rows(1, 5, r -> 200L - r)));

    assertThat(backfill.current()).isFalse();
    assertThat(pg.scalar("SELECT run_id FROM current_ranking")).isEqualTo("" + full.runId());
    assertThat(pg.query("SELECT as_of, count(DISTINCT category_id) FROM sales_rank_history GROUP BY as_of"
        + " ORDER BY as_of")).containsExactly(List.of("2026-11-22 13:00:00+00", "2"),
            List.of("2026-11-22 15:00:00+00", "11"));
  }

  /** A run the retention test publishes: its directory's hour, its as_of and its policy. */
  private record Run(String hour, Instant asOf, RankingManifest.Policy policy) {

    /** The hour a ranking counts in for retention: the one whose end or refreshes it ranks as of. */
    Instant rankedHour() {
      return HourLayout.parseHour(hour);
    }

    @Override
    public String toString() {
      return asOf + " " + policy.kind();
    }
  }

  /**
   * docs/publishing.md, told independently of the loader's SQL: the current run stays; another is kept
   * if its as_of is at most {@code keepHours} before the current one's and, if it is more than 24 hours
   * before, no run of its hour has a later as_of (or the same, published later).
   */
  private static List<Run> expectedKept(List<Run> inPublishOrder, Run current, int keepHours) {
    List<Run> kept = new ArrayList<>();
    for (int i = 0; i < inPublishOrder.size(); i++) {
      Run run = inPublishOrder.get(i);
      Duration age = Duration.between(run.asOf(), current.asOf());
      boolean superseded = false;
      for (int j = 0; j < inPublishOrder.size(); j++) {
        Run other = inPublishOrder.get(j);
        int byAsOf = other.asOf().compareTo(run.asOf());
        superseded |= other.rankedHour().equals(run.rankedHour()) && (byAsOf > 0 || byAsOf == 0 && j > i);
      }
      if (run == current || age.compareTo(Duration.ofHours(keepHours)) <= 0
          && (age.compareTo(Duration.ofHours(24)) <= 0 || !superseded)) {
        kept.add(run);
      }
    }
    return kept;
  }

  @Test
  void keepsKeepHoursOfHistoryAndOnlyTheLastRunOfEachHourBeyond24Hours() throws Exception {
    RankingManifest.Policy window = RankingDirs.WINDOW;
    RankingManifest.Policy decay = new RankingManifest.Policy("decay", null, 24.0, 720, "units", null, null);
    Run current = new Run("2026-11-22T13", Instant.parse("2026-11-22T14:00:00Z"), window);
    List<Run> backfills = new ArrayList<>();
    // Hour 06 as of its end, 31 hours before the current as_of: beyond --keep-hours 30.
    backfills.add(new Run("2026-11-21T06", Instant.parse("2026-11-21T07:00:00Z"), window));
    // Hour 07 as of its end, exactly 30 hours before: kept.
    backfills.add(new Run("2026-11-21T07", Instant.parse("2026-11-21T08:00:00Z"), window));
    // Refreshes of hour 09 at :15, :30, :45 and the run as of its end, about 28 hours before.
    for (String minute : List.of("09:15", "09:30", "09:45", "10:00")) {
      backfills.add(new Run("2026-11-21T09", Instant.parse("2026-11-21T" + minute + ":00Z"), window));
    }
    // Hour 11 has refreshes only.
    for (String minute : List.of("11:15", "11:30")) {
      backfills.add(new Run("2026-11-21T11", Instant.parse("2026-11-21T" + minute + ":00Z"), window));
    }
    // Hour 12 as of its end by two policies: the one published last is the last of the hour.
    backfills.add(new Run("2026-11-21T12", Instant.parse("2026-11-21T13:00:00Z"), window));
    backfills.add(new Run("2026-11-21T12", Instant.parse("2026-11-21T13:00:00Z"), decay));
    // Hour 13: the run as of its end is exactly 24 hours before, its refreshes more.
    for (String minute : List.of("13:15", "13:45", "14:00")) {
      backfills.add(new Run("2026-11-21T13", Instant.parse("2026-11-21T" + minute + ":00Z"), window));
    }
    // Within 24 hours every run is kept.
    for (String minute : List.of("14:15", "14:30")) {
      backfills.add(new Run("2026-11-21T14", Instant.parse("2026-11-21T" + minute + ":00Z"), window));
    }
    for (String minute : List.of("12:15", "12:30", "12:45", "13:00")) {
      backfills.add(new Run("2026-11-22T12", Instant.parse("2026-11-22T" + minute + ":00Z"), window));
    }
    PublishSettings keep30 = new PublishSettings(30, 0.2, false);
    Map<Long, Run> byRunId = new HashMap<>();
    List<Run> inPublishOrder = new ArrayList<>();
    inPublishOrder.add(current);
    inPublishOrder.addAll(backfills);
    for (int i = 0; i < inPublishOrder.size(); i++) {
      Run p = inPublishOrder.get(i);
      RankingPublisher.Result result = publish(RankingDirs.write(dir.resolve("run" + i), p.hour(), p.asOf(),
          p.policy(), 100, RankingDirs.rows(1, 2, r -> 10L - r)), keep30);
      assertThat(result.current()).as(p.toString()).isEqualTo(p == current);
      byRunId.put(result.runId(), p);
    }

    List<Run> expected = expectedKept(inPublishOrder, current, 30);
    assertThat(kept(byRunId)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(expected).hasSize(12);

    // The current as_of moves an hour on: what is kept moves with it.
    Run next = new Run("2026-11-22T14", Instant.parse("2026-11-22T15:00:00Z"), window);
    RankingPublisher.Result moved = publish(ranking("next", "2026-11-22T14", RankingDirs.rows(1, 2, r -> 10L - r)),
        keep30);
    byRunId.put(moved.runId(), next);
    List<Run> before = new ArrayList<>(expected);
    before.add(next);
    List<Run> expectedNow = expectedKept(before, next, 30);
    assertThat(kept(byRunId)).containsExactlyInAnyOrderElementsOf(expectedNow);
    assertThat(expectedNow).hasSize(11);
    assertThat(pg.query("SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass"
        + " ORDER BY 1")).extracting(r -> r.get(0)).containsExactlyElementsOf(
            pg.query("SELECT 'sales_rank_r' || run_id FROM ranking_run ORDER BY run_id").stream().map(r -> r.get(0))
                .toList());
  }

  /** The published runs in the database, as the test published them. */
  private List<Run> kept(Map<Long, Run> byRunId) throws SQLException {
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE status <> 'published'")).isEqualTo("0");
    return pg.query("SELECT run_id FROM ranking_run").stream().map(r -> byRunId.get(Long.parseLong(r.get(0))))
        .toList();
  }

  @Test
  void keepsTheRunsOfTheLastKeepHoursAndDropsTheirPartitions() throws Exception {
    PublishSettings keepThreeHours = new PublishSettings(3, 0.2, false);
    for (int h : new int[] {10, 11, 12, 14, 13}) {
      publish(ranking("h" + h, "2026-11-22T" + h, RankingDirs.rows(2, 5, r -> 100L - r)), keepThreeHours);
    }
    // Current: as of 15:00 (hour 14); kept: as_of at or after 12:00.
    assertThat(pg.query("SELECT hour FROM ranking_run ORDER BY hour")).extracting(r -> r.get(0))
        .containsExactly("2026-11-22 11:00:00+00", "2026-11-22 12:00:00+00", "2026-11-22 13:00:00+00",
            "2026-11-22 14:00:00+00");
    assertThat(pg.scalar("SELECT count(*) FROM sales_rank")).isEqualTo("60");
    assertThat(pg.scalar("SELECT count(DISTINCT run_id) FROM sales_rank")).isEqualTo("4");
    assertThat(pg.query("SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass"
        + " ORDER BY 1")).extracting(r -> r.get(0)).containsExactlyElementsOf(
            pg.query("SELECT 'sales_rank_r' || run_id FROM ranking_run ORDER BY run_id").stream().map(r -> r.get(0))
                .toList());
    assertThat(pg.scalar("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'sales_rank_r%'")).isEqualTo("4");
    // Each kept run has its three categories; the removed runs' went with them.
    assertThat(pg.query("SELECT run_id, count(*) FROM ranking_category GROUP BY run_id ORDER BY run_id"))
        .containsExactlyElementsOf(pg.query("SELECT run_id, 3 FROM ranking_run ORDER BY run_id"));
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 15:00:00+00");
  }

  @Test
  void theLargestKeepHoursKeepsEveryPublishedRunAndStillRemovesReplacedOnes() throws Exception {
    PublishSettings keepAll = new PublishSettings(Integer.MAX_VALUE, 0.2, false);
    publish(ranking("h10", "2000-01-01T10", RankingDirs.rows(2, 5, r -> 100L - r)), keepAll);
    publish(ranking("h12", "2026-11-22T12", RankingDirs.rows(2, 5, r -> 100L - r)), keepAll);

    RankingPublisher.Result again = publish(ranking("h12-again", "2026-11-22T12",
        RankingDirs.rows(2, 5, r -> 90L - r)), keepAll);

    assertThat(again.deletedRuns()).isEqualTo(1);
    assertThat(pg.query("SELECT as_of, status FROM ranking_run ORDER BY as_of")).containsExactly(
        List.of("2000-01-01 11:00:00+00", "published"), List.of("2026-11-22 13:00:00+00", "published"));
  }

  @Test
  void aRunLeftLoadingByADeadPublishIsRemovedByTheNextOne() throws Exception {
    publish(ranking("first", "2026-11-22T13", RankingDirs.rows(2, 5, r -> 100L - r)));
    // What a publish killed between its two transactions leaves: a staged run, attached, not current.
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO ranking_run (run_id, hour, as_of, policy_kind, window_hours, span_hours, top_n,"
          + " computed_at, published_at, status, row_count, category_count, lines_read, malformed_lines,"
          + " outside_window, counted_lines, manifest) OVERRIDING SYSTEM VALUE VALUES (999, '2026-11-22 14:00Z',"
          + " '2026-11-22 15:00Z', 'window', 168, 168, 100, now(), now(), 'loading', 1, 1, 0, 0, 0, 0, '{}')");
      s.execute("CREATE TABLE sales_rank_r999 PARTITION OF sales_rank FOR VALUES IN (999)");
      s.execute("INSERT INTO sales_rank VALUES (999, 'c0', 1, 'p1', 1, 1)");
    }
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");

    RankingPublisher.Result second = publish(ranking("second", "2026-11-22T14", RankingDirs.rows(2, 5, r -> 90L - r)));

    assertThat(second.deletedRuns()).isEqualTo(1);
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE run_id = 999 OR status = 'loading'")).isEqualTo("0");
    assertThat(pg.scalar("SELECT to_regclass('sales_rank_r999') IS NULL")).isEqualTo("t");
    assertThat(pg.scalar("SELECT count(*) FROM sales_rank")).isEqualTo("30");
  }

  @Test
  void retentionGivesUpOnAPartitionALongQueryStillReadsAndRemovesItLater() throws Exception {
    PublishSettings keepOneHour = new PublishSettings(1, 0.2, false);
    RankingPublisher.Result first = publish(ranking("h10", "2026-11-22T10", RankingDirs.rows(2, 5, r -> 100L - r)),
        keepOneHour);
    RankingPublisher.Result second;
    long millis;
    try (Connection analyst = db.getConnection()) {
      analyst.setAutoCommit(false);
      analyst.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = analyst.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sales_rank")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(15);
      }
      long t0 = System.nanoTime();
      second = publish(new RankingPublisher(db, keepOneHour, Duration.ofSeconds(1)),
          ranking("h12", "2026-11-22T12", RankingDirs.rows(2, 5, r -> 90L - r)));
      millis = (System.nanoTime() - t0) / 1_000_000;
      analyst.commit();
    }
    // The publish went through; removing the run the analyst still read timed out and was left.
    assertThat(millis).isLessThan(8_000);
    assertThat(second.deletedRuns()).isZero();
    assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 13:00:00+00");
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE run_id = " + first.runId())).isEqualTo("1");

    RankingPublisher.Result third = publish(ranking("h14", "2026-11-22T14", RankingDirs.rows(2, 5, r -> 80L - r)),
        keepOneHour);

    assertThat(third.deletedRuns()).isEqualTo(2);
    assertThat(pg.query("SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass"))
        .extracting(r -> r.get(0)).containsExactly("sales_rank_r" + third.runId());
    assertThat(pg.scalar("SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'sales_rank_r%'"))
        .isEqualTo("1");
  }

  @Test
  void readersNeverSeeAMixOfRunsOrAPartialCategory() throws Exception {
    int categories = 40;
    int perCategory = 50;
    List<Path> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long base = (i + 1) * 1_000_000L;
      // Each run is one hour newer and its units say which run a row came from.
      runs.add(ranking("run" + i, String.format("2026-11-22T%02d", 10 + i),
          RankingDirs.rows(categories, perCategory, r -> base + perCategory - r)));
    }
    publish(runs.get(0));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> violation = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        while (!done.get() && violation.get() == null) {
          try (ResultSet rs = s.executeQuery("SELECT category_id, count(*), min(total_sold / 1000000),"
              + " max(total_sold / 1000000), count(DISTINCT as_of) FROM sales_rank_current GROUP BY category_id")) {
            int seen = 0;
            java.util.Set<Long> runIds = new java.util.HashSet<>();
            while (rs.next()) {
              seen++;
              runIds.add(rs.getLong(3));
              runIds.add(rs.getLong(4));
              if (rs.getInt(2) != perCategory || rs.getInt(5) != 1) {
                violation.set("category " + rs.getString(1) + " had " + rs.getInt(2) + " rows");
              }
            }
            if (seen != categories + 1 || runIds.size() != 1) {
              violation.set(seen + " categories from runs " + runIds);
            }
            reads.incrementAndGet();
          }
        }
      } catch (SQLException e) {
        violation.set(e.toString());
      }
    });
    reader.start();
    for (Path run : runs.subList(1, runs.size())) {
      publish(run);
    }
    done.set(true);
    reader.join();
    assertThat(violation.get()).isNull();
    assertThat(reads.get()).isGreaterThan(runs.size());
    assertThat(pg.scalar("SELECT min(total_sold / 1000000) FROM sales_rank_current")).isEqualTo("6");
  }
}
