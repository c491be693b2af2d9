package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two storefronts, each over its own input root and with rules of its own (one rolls variants up to
 * their parent), ranked by the real pipeline and published as two names into one database: one API
 * serves both side by side, each equal, category by category, to the independent reference
 * computation of its own logs.
 */
class StorefrontsTest {

  private static final Instant HOUR = Instant.parse("2026-11-22T13:00:00Z");
  private static final int TOP = 20;

  @TempDir
  Path dir;
  @RegisterExtension
  final ApiFixture api = ApiFixture.withRealClock(MigratedPostgres.empty());
  private final MigratedPostgres pg = api.db();

  /** One storefront: its name, its logs' seed, its policy, and whether it rolls variants up. */
  private record Storefront(String name, long seed, RankingPolicy policy, boolean variants) {
  }

  @Test
  void threeNamesFromThreeInputRootsAreServedSideBySideEachEqualToItsOwnReference() throws Exception {
    Configuration conf = LocalHadoop.conf(dir);
    Path parents = dir.resolve("parents.tsv");
    // Variants p10..p19 of parent p1, p20..p29 of p2: they outsell most single products together.
    StringBuilder file = new StringBuilder();
    for (int p = 10; p < 30; p++) {
      file.append('p').append(p).append("\tp").append(p / 10).append('\n');
    }
    Files.writeString(parents, file);
    List<Storefront> fronts = List.of(new Storefront("eu", 11, RankingPolicy.window(24), false),
        new Storefront("us", 12, RankingPolicy.decay(6, 48), true),
        new Storefront("rising", 13, RankingPolicy.trend(6, 3), true));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try (Database db = Database.open(pg.jdbcUrl(), MigratedPostgres.USER, null)) {
      RankAndPublish publisher = new RankAndPublish(conf, db, PublishSettings.defaults(), quiet);
      for (Storefront f : fronts) {
        Path logs = dir.resolve("logs-" + f.name());
        new SalesGenerator(SalesGenerator.Spec.mixed(LocalHadoop.path(logs), HOUR.minusSeconds(47 * 3600L), 48, 150,
            200, 6, f.seed())).generate(conf, quiet);
        RankingRules rules = f.variants() ? RankingRules.DEFAULT.withProductParent(LocalHadoop.path(parents))
            : RankingRules.DEFAULT;
        publisher.rankAndPublish(new RankRequest(LocalHadoop.path(logs), RankRequest.endOfHour(HOUR), f.policy(), rules,
            TOP, 0.01, null, f.name()), LocalHadoop.path(dir.resolve("work-" + f.name())));
      }
    }

    api.start();
    JsonNode rankings = api.await("/api/v1/rankings", r -> r.get("rankings").size() == 3);
    assertThat(rankings.get("rankings")).extracting(r -> r.get("name").asText()).containsExactly("eu", "rising", "us");
    assertThat(rankings.get("rankings").get(1).get("policy").toString())
        .isEqualTo("{\"kind\":\"trend\",\"trend_hours\":6,\"min_units\":3}");
    assertThat(api.get("/?ranking=rising").body()).contains("<option value=\"rising\" selected>")
        .contains("trend: last 6 h against the 6 h before, from 3 units");
    assertThat(api.get("/api/v1/popular").statusCode()).as("no ranking is named default").isEqualTo(404);
    for (Storefront f : fronts) {
      ReferenceRanking.Rules rules = ReferenceRanking.Rules.NONE.withProductParents(f.variants()
          ? ReferenceRanking.productParents(parents) : Map.of());
      List<RankedRow> expected = f.policy().kind() == RankingPolicy.Kind.TREND
          ? ReferenceRanking.computeTrend(dir.resolve("logs-" + f.name()), RankRequest.endOfHour(HOUR),
              f.policy().trendHours(), f.policy().minUnits(), rules, TOP)
          : ReferenceRanking.computeAt(dir.resolve("logs-" + f.name()), RankRequest.endOfHour(HOUR), f.policy(), rules,
              TOP).rows();
      List<RankedRow> served = new ArrayList<>();
      JsonNode categories = api.ok("/api/v1/categories?ranking=" + f.name());
      assertThat(categories.get("ranking").asText()).isEqualTo(f.name());
      for (JsonNode category : categories.get("categories")) {
        String id = category.get("category_id").asText();
        JsonNode page = api.ok("/api/v1/popular?limit=100&ranking=" + f.name() + "&category_id=" + id);
        for (JsonNode item : page.get("items")) {
          served.add(new RankedRow(id, item.get("rank").asInt(), item.get("product_id").asText(),
              item.get("total_sold").asLong(), item.get("score").asDouble()));
        }
      }
      assertThat(served).as(f.name()).hasSameSizeAs(expected).isNotEmpty();
      for (int i = 0; i < served.size(); i++) {
        RankedRow a = served.get(i);
        RankedRow e = expected.get(i);
        assertThat(List.of(a.categoryId(), a.rank(), a.productId(), a.totalSold())).as("%s row %d", f.name(), i)
            .isEqualTo(List.of(e.categoryId(), e.rank(), e.productId(), e.totalSold()));
        assertThat(Math.abs(a.score() - e.score())).isLessThanOrEqualTo(Math.abs(e.score()) * 1e-9);
      }
      if (f.variants()) {
        assertThat(served).extracting(RankedRow::productId).doesNotContain("p15", "p25");
      }
      if (f.variants() && f.policy().kind() != RankingPolicy.Kind.TREND) {
        assertThat(served).extracting(RankedRow::productId).contains("p1", "p2");
      }
    }
  }
}
