package io.salesrank.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.salesrank.api.core.PastRanking;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.RunInfo;
import io.salesrank.api.core.Stock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every status and header of docs/read-api.md, from the servlet in a real Jetty, over HTTP. */
class RankingServletTest {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final RankingServlet SERVLET = new RankingServlet(JSON, new MetricRegistry(), 60, 5);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Server jetty;
  private static URI base;

  @BeforeAll
  static void startJetty() throws Exception {
    jetty = jetty(SERVLET);
    base = uri(jetty);
  }

  private static Server jetty(RankingServlet servlet) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(servlet), RankingServlet.PATH);
    server.setHandler(context);
    server.start();
    return server;
  }

  private static URI uri(Server server) {
    return URI.create("http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
  }

  @AfterAll
  static void stopJetty() throws Exception {
    jetty.stop();
  }

  @BeforeEach
  void publishRun42() {
    SERVLET.show(run42());
  }

  private static RankingSnapshot run42() {
    List<RankingRow> rows = new ArrayList<>();
    for (int r = 1; r <= 30; r++) {
      rows.add(new RankingRow("*", r, "p" + r, 1000 - r, 1000.0 - r));
    }
    rows.add(new RankingRow("c1", 1, "p2", 50, 50.0));
    rows.add(new RankingRow("c1", 2, "p1", 40, 40.0));
    return RankingSnapshot.of(new RunInfo(42, Instant.parse("2026-11-22T14:00:00Z"),
        Instant.parse("2026-11-22T14:06:12Z"), new RankingPolicy("window", 168, null, null, "units", false), false),
        rows, Map.of());
  }

  /**
   * Run 42 compared with a run a day older whose lists are the same, with a stock list: p1 and p3 out
   * of stock, p2 in stock, every other product not listed.
   */
  private static RankingSnapshot run42WithStock() {
    RankingSnapshot run = run42();
    List<RankingRow> same = new ArrayList<>();
    run.byCategory().values().forEach(same::addAll);
    PastRanking dayBefore = PastRanking.of(41, Instant.parse("2026-11-21T14:00:00Z"), same);
    return run.with(List.of(dayBefore), Set.of(), new Stock(7, Map.of("p1", false, "p2", true, "p3", false)),
        run.run().computedAt());
  }

  @Test
  void stockShowsEachItemsStockAndLastOrHideCloseTheRanksUpInBothLists() throws Exception {
    SERVLET.show(run42WithStock());
    JsonNode show = body(get("/api/v1/popular?limit=100"));
    assertThat(show.get("items")).extracting(i -> i.get("product_id").asText() + " " + i.get("in_stock"))
        .startsWith("p1 false", "p2 true", "p3 false", "p4 null");
    JsonNode hide = body(get("/api/v1/popular?limit=100&stock=hide"));
    assertThat(hide.get("items")).hasSize(28).extracting(i -> i.get("product_id").asText()).doesNotContain("p1", "p3");
    JsonNode last = body(get("/api/v1/popular?limit=100&stock=last"));
    assertThat(last.get("items")).hasSize(30).extracting(i -> i.get("product_id").asText())
        .startsWith("p2", "p4").endsWith("p30", "p1", "p3");
    for (JsonNode list : List.of(show, hide, last)) {
      // Ranks close up; the day before had the same lists, so by the same rule every rank is as it was.
      for (int i = 0; i < list.get("items").size(); i++) {
        JsonNode item = list.get("items").get(i);
        assertThat(item.get("rank").asInt()).isEqualTo(i + 1);
        assertThat(item.get("previous_rank").asInt()).as(item.toString()).isEqualTo(i + 1);
      }
    }
    // c1's one product out of stock is last already; movers follow the same rule (none rose).
    assertThat(body(get("/api/v1/popular?category_id=c1&stock=last"))).isEqualTo(body(get("/api/v1/popular?category_id=c1")));
    assertThat(body(get("/api/v1/popular?category_id=c1&stock=hide")).get("items")).hasSize(1);
    assertThat(body(get("/api/v1/movers?stock=last")).get("items")).isEmpty();
    assertThat(body(get("/api/v1/products/p3/ranks")).get("ranks").get(0).get("in_stock").asBoolean()).isFalse();
    assertThat(get("/api/v1/popular?stock=later").statusCode()).isEqualTo(400);
    // The stock list is in the validators: a client holding the answer before it gets a new one.
    assertThat(header(get("/api/v1/popular"), "ETag")).startsWith("\"r42-");
  }

  @Test
  void demandBucketsEachScoreAgainstItsCategorysBestSellerInTheStoredRanking() throws Exception {
    double[] scores = {100, 50, 49.9, 20, 19.9, 5, 4.9, 1, 0.9};
    List<RankingRow> rows = new ArrayList<>();
    for (int r = 1; r <= scores.length; r++) {
      rows.add(new RankingRow("d", r, "q" + r, (long) scores[r - 1], scores[r - 1]));
    }
    SERVLET.show(RankingSnapshot.of(new RunInfo(44, Instant.parse("2026-11-22T14:00:00Z"),
        Instant.parse("2026-11-22T14:06:12Z"), new RankingPolicy("window", 168, null, null, "units", false), false),
        rows, Map.of()).with(List.of(), Set.of("q1"), Instant.parse("2026-11-22T14:06:12Z")));
    // q1 is suppressed: the lists close up, but demand is still against the stored rank 1.
    assertThat(body(get("/api/v1/popular?category_id=d")).get("items")).extracting(i -> i.get("demand").asText())
        .containsExactly("very_high", "high", "high", "medium", "medium", "low", "low", "very_low");
    assertThat(body(get("/api/v1/products/q9/ranks")).get("ranks").get(0).get("demand").asText()).isEqualTo("very_low");
  }

  @Test
  void namesAreServedSideBySideAndAnUnknownNameIsA404() throws Exception {
    RankingSnapshot other = RankingSnapshot.of(new RunInfo(43, Instant.parse("2026-11-22T13:00:00Z"),
        Instant.parse("2026-11-22T13:05:00Z"), new RankingPolicy("decay", null, 24.0, 168, "units", false), false,
        "hot"), List.of(new RankingRow("*", 1, "p9", 5, 4.5)), Map.of());
    SERVLET.show(new java.util.TreeMap<>(Map.of("default", run42(), "hot", other)));
    assertThat(body(get("/api/v1/popular?ranking=hot")).get("items").get(0).get("product_id").asText()).isEqualTo("p9");
    assertThat(body(get("/api/v1/popular")).get("items").get(0).get("product_id").asText()).isEqualTo("p1");
    assertThat(header(get("/api/v1/popular?ranking=hot"), "ETag")).isEqualTo("\"r43\"");
    assertThat(body(get("/api/v1/rankings"))).isEqualTo(JSON.readTree("""
        {"rankings": [
          {"name": "default", "as_of": "2026-11-22T14:00:00Z", "computed_at": "2026-11-22T14:06:12Z",
           "policy": {"kind": "window", "window_hours": 168}, "categories": 2},
          {"name": "hot", "as_of": "2026-11-22T13:00:00Z", "computed_at": "2026-11-22T13:05:00Z",
           "policy": {"kind": "decay", "half_life_hours": 24.0, "lookback_hours": 168}, "categories": 1}]}"""));
    HttpResponse<String> unknown = get("/api/v1/categories?ranking=cold");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(body(unknown).get("message").asText()).isEqualTo("no current ranking named cold; GET /api/v1/rankings"
        + " lists the names");
    assertThat(get("/api/v1/popular?ranking=Hot").statusCode()).isEqualTo(400);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request);
  }

  private static JsonNode body(HttpResponse<String> r) throws Exception {
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return JSON.readTree(r.body());
  }

  private static String header(HttpResponse<String> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void popularAnswersTheContractsShapeWithCachingHeaders() throws Exception {
    HttpResponse<String> r = get("/api/v1/popular?category_id=c1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "ETag")).isEqualTo("\"r42\"");
    assertThat(header(r, "Last-Modified")).isEqualTo("Sun, 22 Nov 2026 14:06:12 GMT");
    assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(body(r)).isEqualTo(JSON.readTree("""
        {"ranking": "default", "category_id": "c1", "as_of": "2026-11-22T14:00:00Z",
         "computed_at": "2026-11-22T14:06:12Z", "policy": {"kind": "window", "window_hours": 168}, "compared_to": null,
         "items": [{"rank": 1, "product_id": "p2", "total_sold": 50, "score": 50.0, "previous_rank": null,
                    "in_stock": null, "demand": "very_high"},
                   {"rank": 2, "product_id": "p1", "total_sold": 40, "score": 40.0, "previous_rank": null,
                    "in_stock": null, "demand": "very_high"}]}"""));
  }

  @Test
  void overallIsTheDefaultWithTenItemsAndPagesByOffset() throws Exception {
    JsonNode first = body(get("/api/v1/popular"));
    assertThat(first.get("category_id").asText()).isEqualTo("*");
    assertThat(first.get("items")).hasSize(10);
    assertThat(first.get("items").get(0).get("rank").asInt()).isEqualTo(1);

    JsonNode page = body(get("/api/v1/popular?limit=5&offset=27"));
    assertThat(page.get("items")).extracting(i -> i.get("rank").asInt()).containsExactly(28, 29, 30);
    JsonNode beyond = body(get("/api/v1/popular?offset=500"));
    assertThat(beyond.get("items")).isEmpty();
    assertThat(body(get("/api/v1/popular?category_id=*&limit=100")).get("items")).hasSize(30);
    assertThat(body(get("/api/v1/popular?category_id=%2A")).get("category_id").asText()).isEqualTo("*");
  }

  @Test
  void matchingValidatorsAreNotModified() throws Exception {
    HttpResponse<String> r = get("/api/v1/popular", "If-None-Match", "\"r42\"");
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(header(r, "ETag")).isEqualTo("\"r42\"");
    assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=60");
    assertThat(get("/api/v1/popular", "If-None-Match", "\"r41\", W/\"r42\"").statusCode()).isEqualTo(304);
    assertThat(get("/api/v1/categories", "If-None-Match", "*").statusCode()).isEqualTo(304);
    assertThat(get("/api/v1/popular", "If-None-Match", "\"r41\"").statusCode()).isEqualTo(200);
    // Without If-None-Match, If-Modified-Since decides.
    assertThat(get("/api/v1/products/p1/ranks", "If-Modified-Since", "Sun, 22 Nov 2026 14:06:12 GMT").statusCode())
        .isEqualTo(304);
    assertThat(get("/api/v1/products/p1/ranks", "If-Modified-Since", "Sun, 22 Nov 2026 14:06:11 GMT").statusCode())
        .isEqualTo(200);
    assertThat(get("/api/v1/products/p1/ranks", "If-Modified-Since", "yesterday").statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/popular", "If-None-Match", "\"r41\"", "If-Modified-Since", "Sun, 22 Nov 2026 14:06:12 GMT")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void headAnswersTheHeadersWithoutTheBody() throws Exception {
    HttpResponse<String> get = get("/api/v1/popular");
    HttpResponse<String> head = send(HttpRequest.newBuilder(base.resolve("/api/v1/popular"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(header(head, "Content-Length")).isEqualTo(String.valueOf(get.body().length()));
    assertThat(header(head, "ETag")).isEqualTo("\"r42\"");
  }

  @Test
  void otherMethodsAndPathsAreRefusedInJson() throws Exception {
    HttpResponse<String> post = send(HttpRequest.newBuilder(base.resolve("/api/v1/popular"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(header(post, "Allow")).isEqualTo("GET, HEAD");
    assertThat(body(post).get("code").asInt()).isEqualTo(405);
    for (String path : List.of("/api/v1/", "/api/v1", "/api/v1/popularity", "/api/v1/products/p1", "/api/v1/products/ranks")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(body(r).get("code").asInt()).isEqualTo(404);
      assertThat(header(r, "Cache-Control")).isEqualTo("no-store");
    }
  }

  @Test
  void parametersOutOfRangeOrOutsideTheIdAlphabetAreBadRequests() throws Exception {
    for (String query : List.of("limit=0", "limit=101", "limit=ten", "offset=-1", "offset=x", "limit=",
        "category_id=c 1", "category_id=" + "c".repeat(65), "category_id=<script>", "category_id=")) {
      String[] kv = query.split("=", 2);
      HttpResponse<String> r = get("/api/v1/popular?" + kv[0] + "=" + URLEncoder.encode(kv[1], StandardCharsets.UTF_8));
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      JsonNode error = body(r);
      assertThat(error.get("code").asInt()).isEqualTo(400);
      assertThat(error.get("message").asText()).isNotBlank();
    }
    assertThat(get("/api/v1/products/p%20q/ranks").statusCode()).isEqualTo(400);
    // p/q is outside the alphabet; Jetty itself refuses the encoded slash (an ambiguous path
    // separator) with a 400 of its own before the servlet sees it.
    assertThat(get("/api/v1/products/p%2Fq/ranks").statusCode()).isEqualTo(400);
  }

  @Test
  void unknownCategoryOrProductIsNotFound() throws Exception {
    HttpResponse<String> r = get("/api/v1/popular?category_id=c9");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(body(r)).isEqualTo(JSON.readTree("{\"code\": 404, \"message\": \"no current ranking for category c9\"}"));
    assertThat(get("/api/v1/products/p999/ranks").statusCode()).isEqualTo(404);
  }

  @Test
  void validatorsOfTheCurrentRunDoNotHideThatACategoryOrProductIsUnknown() throws Exception {
    for (String[] headers : List.of(new String[] {"If-None-Match", "\"r42\""},
        new String[] {"If-Modified-Since", "Sun, 22 Nov 2026 14:06:12 GMT"})) {
      HttpResponse<String> category = get("/api/v1/popular?category_id=c9", headers);
      assertThat(category.statusCode()).as(headers[0]).isEqualTo(404);
      assertThat(body(category))
          .isEqualTo(JSON.readTree("{\"code\": 404, \"message\": \"no current ranking for category c9\"}"));
      assertThat(header(category, "ETag")).isNull();
      HttpResponse<String> product = get("/api/v1/products/p999/ranks", headers);
      assertThat(product.statusCode()).as(headers[0]).isEqualTo(404);
      assertThat(body(product))
          .isEqualTo(JSON.readTree("{\"code\": 404, \"message\": \"product p999 is in no current ranking\"}"));
      assertThat(header(product, "ETag")).isNull();

      assertThat(get("/api/v1/popular?category_id=c1", headers).statusCode()).as(headers[0]).isEqualTo(304);
      assertThat(get("/api/v1/products/p1/ranks", headers).statusCode()).as(headers[0]).isEqualTo(304);
    }
  }

  @Test
  void productRanksListEveryRankingTheProductIsIn() throws Exception {
    HttpResponse<String> r = get("/api/v1/products/p2/ranks");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "ETag")).isEqualTo("\"r42\"");
    assertThat(body(r)).isEqualTo(JSON.readTree("""
        {"ranking": "default", "product_id": "p2", "as_of": "2026-11-22T14:00:00Z",
         "ranks": [{"category_id": "*", "rank": 2, "total_sold": 998, "score": 998.0, "in_stock": null,
                    "demand": "very_high"},
                   {"category_id": "c1", "rank": 1, "total_sold": 50, "score": 50.0, "in_stock": null,
                    "demand": "very_high"}]}"""));
  }

  @Test
  void categoriesListTheCurrentRankings() throws Exception {
    assertThat(body(get("/api/v1/categories"))).isEqualTo(JSON.readTree("""
        {"ranking": "default", "as_of": "2026-11-22T14:00:00Z",
         "categories": [{"category_id": "*", "products": 30}, {"category_id": "c1", "products": 2}]}"""));
  }

  @Test
  void beforeTheFirstPublishEverythingIsUnavailableWithRetryAfter() throws Exception {
    Server unpublished = jetty(new RankingServlet(JSON, new MetricRegistry(), 60, 5));
    try {
      for (String path : List.of("/api/v1/popular", "/api/v1/products/p1/ranks", "/api/v1/categories")) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(unpublished).resolve(path)));
        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(header(r, "Retry-After")).isEqualTo("5");
        assertThat(body(r).get("code").asInt()).isEqualTo(503);
      }
    } finally {
      unpublished.stop();
    }
  }

  @Test
  void eachEndpointTimesItsRequestsWhateverTheirStatus() throws Exception {
    // A servlet of its own: no other test's request is still being counted.
    MetricRegistry metrics = new MetricRegistry();
    RankingServlet servlet = new RankingServlet(JSON, metrics, 60, 5);
    servlet.show(run42());
    Server timed = jetty(servlet);
    try {
      URI uri = uri(timed);
      for (String path : List.of("/api/v1/popular", "/api/v1/popular?limit=0", "/api/v1/products/p1/ranks",
          "/api/v1/products/p999/ranks", "/api/v1/categories", "/api/v1/popularity", "/api/v1")) {
        send(HttpRequest.newBuilder(uri.resolve(path)));
      }
      send(HttpRequest.newBuilder(uri.resolve("/api/v1/popular")).header("If-None-Match", "\"r42\""));
      send(HttpRequest.newBuilder(uri.resolve("/api/v1/popular")).POST(HttpRequest.BodyPublishers.noBody()));

      Map<String, Timer> timers = metrics.getTimers();
      // A timer counts once the servlet returns, which can be just after the client has the answer.
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (timers.values().stream().mapToLong(Timer::getCount).sum() < 9 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      String name = "io.salesrank.api.resources.RankingServlet.";
      assertThat(timers).containsOnlyKeys(name + "popular", name + "movers", name + "ranks", name + "history",
          name + "categories", name + "rankings", name + "other");
      assertThat(timers.get(name + "popular").getCount()).isEqualTo(4);
      assertThat(timers.get(name + "ranks").getCount()).isEqualTo(2);
      assertThat(timers.get(name + "categories").getCount()).isEqualTo(1);
      assertThat(timers.get(name + "other").getCount()).isEqualTo(2);
      assertThat(timers.get(name + "popular").getSnapshot().getMax()).isPositive();
    } finally {
      timed.stop();
    }
  }
}
