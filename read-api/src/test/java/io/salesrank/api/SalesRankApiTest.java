package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole service against a real PostgreSQL: follows publishes, survives an outage. */
class SalesRankApiTest {

  private static final Instant HOUR_A = Instant.parse("2026-11-22T13:00:00Z");
  private static final Instant HOUR_B = Instant.parse("2026-11-22T14:00:00Z");

  @RegisterExtension
  /** An empty database each test: each test takes it where it needs it. */
  final ApiFixture api = ApiFixture.over(MigratedPostgres.empty());
  private final MigratedPostgres pg = api.db();
  private final ObjectMapper json = new ObjectMapper();

  /** Migrates, publishes one ranking of {@code hour} ({@link SqlPublisher#publish}), starts the API on it. */
  private DataSource startedOnOneRanking(String hour, int categories, int perCategory, long base)
      throws Exception {
    DataSource db = pg.dataSource();
    pg.migrate();
    SqlPublisher.publish(db, Instant.parse(hour), categories, perCategory, base);
    api.start();
    api.awaitAsOf(Instant.parse(hour).plusSeconds(3600).toString());
    return db;
  }

  private JsonNode popular() throws Exception {
    return api.ok("/api/v1/popular?limit=100");
  }

  private JsonNode ok(String pathAndQuery) throws Exception {
    return api.ok(pathAndQuery);
  }

  private JsonNode policyOf(String category) throws Exception {
    return ok("/api/v1/popular?category_id=" + category).get("policy");
  }

  private void awaitAsOf(String asOf) throws Exception {
    api.awaitAsOf(asOf);
  }

  private JsonNode health() throws Exception {
    return api.health();
  }

  @Test
  void startsBeforeTheSchemaFollowsPublishesAndKeepsServingThroughAnOutage() throws Exception {
    DataSource db = pg.dataSource();
    api.start();

    // Deployed before the schema exists: 503 until the first publish.
    HttpResponse<String> early = api.get("/api/v1/popular");
    assertThat(early.statusCode()).isEqualTo(503);
    assertThat(early.headers().firstValue("Retry-After")).isPresent();
    assertThat(json.readTree(early.body()).get("code").asInt()).isEqualTo(503);
    assertThat(health().get("freshness").get("healthy").asBoolean()).isFalse();

    pg.migrate();
    SqlPublisher.publish(db, HOUR_A, 20, 100, 1_000);
    awaitAsOf("2026-11-22T14:00:00Z");
    JsonNode a = popular();
    assertThat(a.get("items")).hasSize(100);
    assertThat(a.get("items").get(0).get("total_sold").asLong()).isEqualTo(999);
    assertThat(health().get("freshness").get("healthy").asBoolean()).isTrue();
    assertThat(health().get("database").get("healthy").asBoolean()).isTrue();

    SqlPublisher.publish(db, HOUR_B, 20, 100, 2_000);
    awaitAsOf("2026-11-22T15:00:00Z");
    assertThat(popular().get("items").get(0).get("total_sold").asLong()).isEqualTo(1_999);
    // A stock list set with no new ranking run is served within the refresh interval...
    SqlPublisher.setStock(db, java.util.Map.of("p1", false));
    api.await("/api/v1/popular?stock=hide", r -> r.get("items").get(0).get("product_id").asText().equals("p2"));
    assertThat(popular().get("items").get(0).get("in_stock").asBoolean()).isFalse();

    pg.stop();
    Thread.sleep(600); // a few refresh intervals against a dead database
    JsonNode b = popular();
    assertThat(b.get("as_of").asText()).isEqualTo("2026-11-22T15:00:00Z");
    assertThat(b.get("items").get(0).get("total_sold").asLong()).isEqualTo(1_999);
    // ... and kept, as the ranking is, while the database is down.
    assertThat(b.get("items").get(0).get("in_stock").asBoolean()).isFalse();
    assertThat(api.ok("/api/v1/popular?stock=hide").get("items").get(0).get("product_id").asText()).isEqualTo("p2");
    assertThat(api.get("/api/v1/categories").statusCode()).isEqualTo(200);
    JsonNode health = health();
    assertThat(health.get("database").get("healthy").asBoolean()).isFalse();
    assertThat(health.get("database").get("message").asText())
        .contains("serving the ranking as of 2026-11-22T15:00:00Z from memory");
    assertThat(health.get("freshness").get("healthy").asBoolean()).isTrue();
  }

  @Test
  void clientsReadingDuringPublishesNeverGetAMixedOrPartialAnswer() throws Exception {
    DataSource db = startedOnOneRanking("2026-11-22T10:00:00Z", 30, 100, 1_000_000);

    java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<String> problems = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Thread reader = new Thread(() -> {
      try {
        while (!done.get()) {
          for (String category : java.util.List.of("*", "c7")) {
            JsonNode page = json.readTree(api.get("/api/v1/popular?limit=100&category_id=" + category)
                .body());
            // Run k (hour 10+k, as of 11+k) sells (k+1) million minus rank: items and as_of agree on k.
            long run = page.get("items").get(0).get("total_sold").asLong() / 1_000_000;
            String asOf = String.format("2026-11-22T%02d:00:00Z", 11 + run);
            if (page.get("items").size() != 100 || !page.get("as_of").asText().equals(asOf)) {
              problems.add(page.get("as_of").asText() + " with " + page.get("items").size() + " items");
            }
            for (JsonNode item : page.get("items")) {
              if (item.get("total_sold").asLong() / 1_000_000 != run) {
                problems.add("items of runs " + run + " and " + item.get("total_sold").asLong() / 1_000_000);
              }
            }
            reads.incrementAndGet();
          }
        }
      } catch (Exception e) {
        problems.add(e.toString());
      }
    });
    reader.start();
    for (int k = 1; k <= 4; k++) {
      SqlPublisher.publish(db, Instant.parse(String.format("2026-11-22T%02d:00:00Z", 10 + k)), 30, 100,
          (k + 1) * 1_000_000L);
      awaitAsOf(String.format("2026-11-22T%02d:00:00Z", 11 + k));
    }
    done.set(true);
    reader.join();
    assertThat(problems).isEmpty();
    assertThat(reads.get()).isGreaterThan(20);
  }

  @Test
  void eachCategorysPolicyTellsItsMetricAndFallbackSpanAndCategoriesTheirParentsInATree() throws Exception {
    DataSource db = pg.dataSource();
    pg.migrate();
    // Orders counted; c1 under c0, c2 not in the tree; c1 was sparse and ranked over 720 hours.
    SqlPublisher.publish(db, HOUR_A, 3, 5, 100,
        new SqlPublisher.Rules("window", 168, "orders", Map.of("c1", "c0"), Map.of("c1", 720)));
    api.start();
    awaitAsOf("2026-11-22T14:00:00Z");

    assertThat(policyOf("c1")).isEqualTo(json.readTree("""
        {"kind": "window", "window_hours": 720, "metric": "orders", "fallback": true}"""));
    for (String category : new String[] {"*", "c0", "c2"}) {
      assertThat(policyOf(category)).as(category).isEqualTo(json.readTree("""
          {"kind": "window", "window_hours": 168, "metric": "orders"}"""));
    }
    assertThat(ok("/api/v1/categories")).isEqualTo(json.readTree("""
        {"ranking": "default", "as_of": "2026-11-22T14:00:00Z",
         "categories": [{"category_id": "*", "products": 5, "parent_id": null},
                        {"category_id": "c0", "products": 5, "parent_id": null},
                        {"category_id": "c1", "products": 5, "parent_id": "c0"},
                        {"category_id": "c2", "products": 5, "parent_id": null}]}"""));

    // By decay, counting units, without a tree; the overall ranking fell back to 2160 hours.
    SqlPublisher.publish(db, HOUR_B, 3, 5, 200,
        new SqlPublisher.Rules("decay", 720, "units", null, Map.of("*", 2160)));
    awaitAsOf("2026-11-22T15:00:00Z");

    assertThat(policyOf("*")).isEqualTo(json.readTree("""
        {"kind": "decay", "half_life_hours": 24.0, "lookback_hours": 2160, "fallback": true}"""));
    assertThat(policyOf("c1")).isEqualTo(json.readTree("""
        {"kind": "decay", "half_life_hours": 24.0, "lookback_hours": 720}"""));
    assertThat(ok("/api/v1/categories")).isEqualTo(json.readTree("""
        {"ranking": "default", "as_of": "2026-11-22T15:00:00Z",
         "categories": [{"category_id": "*", "products": 5}, {"category_id": "c0", "products": 5},
                        {"category_id": "c1", "products": 5}, {"category_id": "c2", "products": 5}]}"""));
  }

  @Test
  void servesADatabaseTheLoaderHasNotMigratedToTheRulesAndFollowsItOnceItHas() throws Exception {
    DataSource db = pg.dataSource();
    // The schema as the loader's previous release left it, version 3.
    pg.migrateToRelease(3);
    SqlPublisher.publish(db, HOUR_A, 2, 5, 100);
    api.start();
    awaitAsOf("2026-11-22T14:00:00Z");

    assertThat(policyOf("c1")).isEqualTo(json.readTree("""
        {"kind": "window", "window_hours": 168}"""));
    assertThat(ok("/api/v1/categories").get("categories").get(1)).isEqualTo(json.readTree("""
        {"category_id": "c0", "products": 5}"""));

    pg.migrate();
    // The run published before the upgrade is still served as it was ranked.
    assertThat(policyOf("c1")).isEqualTo(json.readTree("""
        {"kind": "window", "window_hours": 168}"""));
    SqlPublisher.publish(db, HOUR_B, 2, 5, 200,
        new SqlPublisher.Rules("window", 168, "orders", Map.of(), Map.of("c1", 336)));
    awaitAsOf("2026-11-22T15:00:00Z");

    assertThat(policyOf("c1")).isEqualTo(json.readTree("""
        {"kind": "window", "window_hours": 336, "metric": "orders", "fallback": true}"""));
    assertThat(ok("/api/v1/categories").get("categories").get(1)).isEqualTo(json.readTree("""
        {"category_id": "c0", "products": 5, "parent_id": null}"""));
  }

  @Test
  void freshnessFailsWhenTheRankingIsOlderThanTheLimit() throws Exception {
    startedOnOneRanking("2026-11-22T09:00:00Z", 2, 5, 100);
    JsonNode freshness = health().get("freshness");
    assertThat(freshness.get("healthy").asBoolean()).isFalse();
    assertThat(freshness.get("message").asText()).contains("360 minutes old, beyond the limit of 180 minutes")
        .contains("SALESRANK_MAX_STALENESS");
  }

  @Test
  void adminMetricsTimeTheRequestsOfEachEndpoint() throws Exception {
    // No database: answers before the first publish (503) are requests like any other.
    api.startWithoutDatabase();
    api.get("/api/v1/popular");
    api.get("/api/v1/popular?category_id=c1");
    api.get("/api/v1/products/p1/ranks");
    api.get("/api/v1/categories");
    api.get("/api/v1/categories");
    api.get("/api/v1/categories");

    String timer = "io.salesrank.api.resources.RankingServlet.";
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    JsonNode timers;
    do {
      // A timer counts once the servlet returns, which can be just after the client has the answer.
      timers = json.readTree(api.admin("/metrics").body()).get("timers");
    } while (timers.get(timer + "popular").get("count").asLong() + timers.get(timer + "ranks").get("count").asLong()
        + timers.get(timer + "categories").get("count").asLong() < 6 && System.nanoTime() < deadline);
    assertThat(timers.get(timer + "popular").get("count").asLong()).isEqualTo(2);
    assertThat(timers.get(timer + "ranks").get("count").asLong()).isEqualTo(1);
    assertThat(timers.get(timer + "categories").get("count").asLong()).isEqualTo(3);
    assertThat(timers.get(timer + "other").get("count").asLong()).isZero();
  }
}
