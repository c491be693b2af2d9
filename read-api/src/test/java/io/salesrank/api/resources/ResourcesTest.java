package io.salesrank.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.salesrank.api.api.Policy;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.RunInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every status and header of CONTRACT section 4, on the resources with a real snapshot. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ResourcesTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final RankingCache CACHE = new RankingCache();
  private static final Responses RESPONSES = new Responses(CACHE, 60, 5);

  static final ResourceExtension RESOURCES = ResourceExtension.builder()
      .addResource(new PopularResource(RESPONSES))
      .addResource(new ProductRanksResource(RESPONSES))
      .addResource(new CategoriesResource(RESPONSES))
      .build();

  @BeforeEach
  void publishRun42() {
    List<RankingRow> rows = new ArrayList<>();
    for (int r = 1; r <= 30; r++) {
      rows.add(new RankingRow("*", r, "p" + r, 1000 - r, 1000.0 - r));
    }
    rows.add(new RankingRow("c1", 1, "p2", 50, 50.0));
    rows.add(new RankingRow("c1", 2, "p1", 40, 40.0));
    CACHE.replace(RankingSnapshot.build(new RunInfo(42, Instant.parse("2026-11-22T14:00:00Z"),
        Instant.parse("2026-11-22T14:06:12Z"), new Policy("window", 168, null, null)), rows, JSON));
  }

  private static Response get(String path) {
    return RESOURCES.target(path).request().get();
  }

  private static JsonNode body(Response r) throws Exception {
    return JSON.readTree(r.readEntity(String.class));
  }

  @Test
  void popularAnswersTheContractsShapeWithCachingHeaders() throws Exception {
    Response r = RESOURCES.target("/api/v1/popular").queryParam("category_id", "c1").request().get();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getHeaderString(HttpHeaders.ETAG)).isEqualTo("\"r42\"");
    assertThat(r.getHeaderString(HttpHeaders.LAST_MODIFIED)).isEqualTo("Sun, 22 Nov 2026 14:06:12 GMT");
    assertThat(r.getHeaderString(HttpHeaders.CACHE_CONTROL)).contains("public").contains("max-age=60");
    assertThat(body(r)).isEqualTo(JSON.readTree("""
        {"category_id": "c1", "as_of": "2026-11-22T14:00:00Z", "computed_at": "2026-11-22T14:06:12Z",
         "policy": {"kind": "window", "window_hours": 168},
         "items": [{"rank": 1, "product_id": "p2", "total_sold": 50, "score": 50.0},
                   {"rank": 2, "product_id": "p1", "total_sold": 40, "score": 40.0}]}"""));
  }

  @Test
  void overallIsTheDefaultWithTenItemsAndPagesByOffset() throws Exception {
    JsonNode first = body(get("/api/v1/popular"));
    assertThat(first.get("category_id").asText()).isEqualTo("*");
    assertThat(first.get("items")).hasSize(10);
    assertThat(first.get("items").get(0).get("rank").asInt()).isEqualTo(1);

    JsonNode page = body(RESOURCES.target("/api/v1/popular").queryParam("limit", 5).queryParam("offset", 27)
        .request().get());
    assertThat(page.get("items")).extracting(i -> i.get("rank").asInt()).containsExactly(28, 29, 30);
    JsonNode beyond = body(RESOURCES.target("/api/v1/popular").queryParam("offset", 500).request().get());
    assertThat(beyond.get("items")).isEmpty();
    assertThat(body(RESOURCES.target("/api/v1/popular").queryParam("category_id", "*").queryParam("limit", 100)
        .request().get()).get("items")).hasSize(30);
  }

  @Test
  void matchingIfNoneMatchIsNotModified() {
    Response r = RESOURCES.target("/api/v1/popular").request().header(HttpHeaders.IF_NONE_MATCH, "\"r42\"").get();
    assertThat(r.getStatus()).isEqualTo(304);
    assertThat(r.getHeaderString(HttpHeaders.ETAG)).isEqualTo("\"r42\"");
    assertThat(RESOURCES.target("/api/v1/popular").request().header(HttpHeaders.IF_NONE_MATCH, "\"r41\"").get()
        .getStatus()).isEqualTo(200);
  }

  @Test
  void parametersOutOfRangeOrOutsideTheIdAlphabetAreBadRequests() throws Exception {
    for (String query : List.of("limit=0", "limit=101", "limit=ten", "offset=-1", "offset=x", "limit=",
        "category_id=c 1", "category_id=" + "c".repeat(65), "category_id=<script>", "category_id=")) {
      String[] kv = query.split("=", 2);
      Response r = RESOURCES.target("/api/v1/popular").queryParam(kv[0], kv[1]).request().get();
      assertThat(r.getStatus()).as(query).isEqualTo(400);
      JsonNode error = body(r);
      assertThat(error.get("code").asInt()).isEqualTo(400);
      assertThat(error.get("message").asText()).isNotBlank();
    }
    assertThat(get("/api/v1/products/p%20q/ranks").getStatus()).isEqualTo(400);
  }

  @Test
  void unknownCategoryOrProductIsNotFound() throws Exception {
    Response r = RESOURCES.target("/api/v1/popular").queryParam("category_id", "c9").request().get();
    assertThat(r.getStatus()).isEqualTo(404);
    assertThat(body(r)).isEqualTo(JSON.readTree("{\"code\": 404, \"message\": \"no current ranking for category c9\"}"));
    assertThat(get("/api/v1/products/p999/ranks").getStatus()).isEqualTo(404);
  }

  @Test
  void productRanksListEveryRankingTheProductIsIn() throws Exception {
    Response r = get("/api/v1/products/p2/ranks");
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getHeaderString(HttpHeaders.ETAG)).isEqualTo("\"r42\"");
    assertThat(body(r)).isEqualTo(JSON.readTree("""
        {"product_id": "p2", "as_of": "2026-11-22T14:00:00Z",
         "ranks": [{"category_id": "*", "rank": 2, "total_sold": 998, "score": 998.0},
                   {"category_id": "c1", "rank": 1, "total_sold": 50, "score": 50.0}]}"""));
  }

  @Test
  void categoriesListTheCurrentRankings() throws Exception {
    assertThat(body(get("/api/v1/categories"))).isEqualTo(JSON.readTree("""
        {"as_of": "2026-11-22T14:00:00Z",
         "categories": [{"category_id": "*", "products": 30}, {"category_id": "c1", "products": 2}]}"""));
  }

  @Test
  void beforeTheFirstPublishEverythingIsUnavailableWithRetryAfter() throws Exception {
    CACHE.replace(null);
    for (String path : List.of("/api/v1/popular", "/api/v1/products/p1/ranks", "/api/v1/categories")) {
      Response r = get(path);
      assertThat(r.getStatus()).as(path).isEqualTo(503);
      assertThat(r.getHeaderString("Retry-After")).isEqualTo("5");
      assertThat(body(r).get("code").asInt()).isEqualTo(503);
    }
  }
}
