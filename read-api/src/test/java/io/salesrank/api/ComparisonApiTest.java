package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * previous_rank, /movers, /history and suppression against a real PostgreSQL, each answer checked
 * against an independent computation from the published lists.
 */
class ComparisonApiTest {

  private static final Instant NOW = Instant.parse("2026-11-22T16:00:00Z");
  /** Three published runs: 25 hours, 2 hours and 0 hours before the current as_of. */
  private static final Instant OLD = NOW.minus(Duration.ofHours(25));
  private static final Instant RECENT = NOW.minus(Duration.ofHours(2));

  @RegisterExtension
  final ApiFixture api = ApiFixture.over(MigratedPostgres.migrated());
  private final MigratedPostgres pg = api.db();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Instant, Map<String, List<String>>> published = new LinkedHashMap<>();
  private DataSource db;

  @BeforeEach
  void publishThreeRuns() throws Exception {
    db = pg.dataSource();
    Random random = new Random(13);
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pool.add("p" + i);
    }
    for (Instant asOf : List.of(OLD, RECENT, NOW)) {
      Map<String, List<String>> lists = new LinkedHashMap<>();
      Collections.shuffle(pool, random);
      lists.put("*", List.copyOf(pool.subList(0, 25)));
      Collections.shuffle(pool, random);
      lists.put("c1", List.copyOf(pool.subList(0, asOf.equals(OLD) ? 5 : 10)));
      published.put(asOf, lists);
    }
    // Published out of order: the oldest last, as a backfill.
    SqlPublisher.publishLists(db, RECENT, published.get(RECENT));
    SqlPublisher.publishLists(db, NOW, published.get(NOW));
    SqlPublisher.publishLists(db, OLD, published.get(OLD));
    api.start();
    await(r -> r.get("compared_to").isTextual(), "/api/v1/popular");
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return api.get(pathAndQuery);
  }

  private JsonNode ok(String pathAndQuery) throws Exception {
    return api.ok(pathAndQuery);
  }

  private void await(Predicate<JsonNode> condition, String pathAndQuery) throws Exception {
    api.await(pathAndQuery, condition);
  }

  private void sql(String statement) throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  /** The list without the suppressed products: ranks close up. */
  private static List<String> shown(List<String> list, Set<String> suppressed) {
    return list.stream().filter(p -> !suppressed.contains(p)).toList();
  }

  /** The movers computed from the two lists, as docs/read-api.md says. */
  private static List<String> expectedMovers(List<String> now, List<String> before) {
    List<String[]> movers = new ArrayList<>();
    for (int i = 0; i < now.size(); i++) {
      int was = before.indexOf(now.get(i)) + 1;
      int change = (was == 0 ? before.size() + 1 : was) - (i + 1);
      if (change > 0) {
        movers.add(new String[] {now.get(i), String.valueOf(i + 1), was == 0 ? "null" : String.valueOf(was),
            String.valueOf(change)});
      }
    }
    movers.sort(Comparator.<String[]>comparingInt(m -> -Integer.parseInt(m[3]))
        .thenComparingInt(m -> Integer.parseInt(m[1])));
    return movers.stream().map(m -> String.join(" ", m)).toList();
  }

  private static List<String> movers(JsonNode answer) {
    List<String> movers = new ArrayList<>();
    for (JsonNode item : answer.get("items")) {
      movers.add(item.get("product_id").asText() + " " + item.get("rank").asInt() + " "
          + item.get("previous_rank").asText() + " " + item.get("rank_change").asInt());
    }
    return movers;
  }

  private void assertComparisons(Set<String> suppressed) throws Exception {
    for (String category : List.of("*", "c1")) {
      List<String> now = shown(published.get(NOW).get(category), suppressed);
      List<String> old = shown(published.get(OLD).get(category), suppressed);
      JsonNode popular = ok("/api/v1/popular?limit=100&category_id=" + category);
      assertThat(popular.get("compared_to").asText()).isEqualTo("2026-11-21T15:00:00Z");
      assertThat(popular.get("items")).hasSize(now.size());
      for (int i = 0; i < now.size(); i++) {
        JsonNode item = popular.get("items").get(i);
        assertThat(item.get("rank").asInt()).isEqualTo(i + 1);
        assertThat(item.get("product_id").asText()).isEqualTo(now.get(i));
        int was = old.indexOf(now.get(i)) + 1;
        assertThat(item.get("previous_rank").isNull()).isEqualTo(was == 0);
        if (was > 0) {
          assertThat(item.get("previous_rank").asInt()).as(now.get(i)).isEqualTo(was);
        }
      }
      JsonNode day = ok("/api/v1/movers?limit=100&category_id=" + category);
      assertThat(day.get("hours").asInt()).isEqualTo(24);
      assertThat(day.get("compared_to").asText()).isEqualTo("2026-11-21T15:00:00Z");
      assertThat(movers(day)).isEqualTo(expectedMovers(now, old));
      JsonNode hour = ok("/api/v1/movers?limit=100&hours=1&category_id=" + category);
      assertThat(hour.get("compared_to").asText()).isEqualTo("2026-11-22T14:00:00Z");
      assertThat(movers(hour)).isEqualTo(expectedMovers(now, shown(published.get(RECENT).get(category), suppressed)))
          .isNotEmpty();
    }
  }

  @Test
  void previousRankAndMoversCompareWithTheRankingsHoursBefore() throws Exception {
    assertComparisons(Set.of());

    JsonNode first = ok("/api/v1/movers?limit=1&offset=1");
    assertThat(movers(first)).containsExactly(expectedMovers(published.get(NOW).get("*"),
        published.get(OLD).get("*")).get(1));
    JsonNode newEntry = ok("/api/v1/movers?limit=100&category_id=c1");
    for (JsonNode item : newEntry.get("items")) {
      if (item.get("previous_rank").isNull()) {
        assertThat(item.get("previous_total_sold").isNull()).isTrue();
      } else {
        assertThat(item.get("previous_total_sold").asLong()).isEqualTo(1000 - item.get("previous_rank").asInt());
      }
    }
    // Nothing as old as 26 hours is kept.
    JsonNode none = ok("/api/v1/movers?hours=26");
    assertThat(none.get("compared_to").isNull()).isTrue();
    assertThat(none.get("items")).isEmpty();
    for (String hours : List.of("0", "169", "x")) {
      assertThat(get("/api/v1/movers?hours=" + hours).statusCode()).isEqualTo(400);
    }
    assertThat(get("/api/v1/movers?category_id=nope").statusCode()).isEqualTo(404);
  }

  @Test
  void historyListsEachKeptRankingOldestFirstWithNullsWhereTheProductWasNotListed() throws Exception {
    Set<String> everywhere = new HashSet<>(published.get(NOW).get("*"));
    String product = published.get(OLD).get("*").stream().filter(everywhere::contains).findFirst().orElseThrow();
    String somewhere = published.get(NOW).get("*").stream()
        .filter(p -> !published.get(OLD).get("*").contains(p)).findFirst().orElseThrow();
    for (String p : List.of(product, somewhere)) {
      JsonNode history = ok("/api/v1/products/" + p + "/history");
      assertThat(history.get("product_id").asText()).isEqualTo(p);
      assertThat(history.get("category_id").asText()).isEqualTo("*");
      List<Instant> asOfs = List.of(OLD, RECENT, NOW);
      assertThat(history.get("points")).hasSize(3);
      for (int i = 0; i < 3; i++) {
        JsonNode point = history.get("points").get(i);
        assertThat(point.get("as_of").asText()).isEqualTo(asOfs.get(i).toString());
        int rank = published.get(asOfs.get(i)).get("*").indexOf(p) + 1;
        if (rank == 0) {
          assertThat(point.get("rank").isNull() && point.get("total_sold").isNull() && point.get("score").isNull())
              .isTrue();
        } else {
          assertThat(point.get("rank").asInt()).isEqualTo(rank);
          assertThat(point.get("total_sold").asLong()).isEqualTo(1000 - rank);
        }
      }
    }
    assertThat(ok("/api/v1/products/" + product + "/history?hours=2").get("points")).hasSize(2);
    assertThat(get("/api/v1/products/nope/history").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/products/" + product + "/history?hours=169").statusCode()).isEqualTo(400);

    pg.stop();
    HttpResponse<String> down = get("/api/v1/products/" + somewhere + "/history?category_id=c1&hours=30");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
    // The rest is served from memory.
    assertThat(get("/api/v1/movers").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/products/" + product + "/history").statusCode()).isEqualTo(200);
  }

  @Test
  void suppressedProductsLeaveEveryAnswerWithinThePollAndComeBackAfterRemove() throws Exception {
    List<String> current = published.get(NOW).get("*");
    String hidden = current.get(1);
    String etag = get("/api/v1/popular").headers().firstValue("ETag").orElseThrow();
    int categories = ok("/api/v1/categories").get("categories").get(0).get("products").asInt();

    sql("INSERT INTO product_suppression (product_id, reason) VALUES ('" + hidden + "', 'recalled')");
    await(r -> !r.get("items").get(1).get("product_id").asText().equals(hidden), "/api/v1/popular");
    assertComparisons(Set.of(hidden));
    assertThat(get("/api/v1/popular").headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    assertThat(get("/api/v1/products/" + hidden + "/ranks").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/products/" + hidden + "/history").statusCode()).isEqualTo(404);
    assertThat(ok("/api/v1/categories").get("categories").get(0).get("products").asInt()).isEqualTo(categories - 1);
    // A product below it in the current list: its history closes up in every run.
    String below = current.get(2);
    JsonNode history = ok("/api/v1/products/" + below + "/history");
    for (JsonNode point : history.get("points")) {
      List<String> list = shown(published.get(Instant.parse(point.get("as_of").asText())).get("*"), Set.of(hidden));
      int rank = list.indexOf(below) + 1;
      assertThat(point.get("rank").isNull() ? 0 : point.get("rank").asInt()).isEqualTo(rank);
    }
    assertThat(ok("/api/v1/products/" + below + "/ranks").toString()).contains("\"rank\":2");

    sql("DELETE FROM product_suppression");
    await(r -> r.get("items").get(1).get("product_id").asText().equals(hidden), "/api/v1/popular");
    assertComparisons(Set.of());
    assertThat(get("/api/v1/products/" + hidden + "/ranks").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/popular").headers().firstValue("ETag").orElseThrow()).isEqualTo(etag);
  }
}
