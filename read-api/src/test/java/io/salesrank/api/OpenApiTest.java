package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/v1/openapi.json} is a valid OpenAPI 3.1 document of docs/read-api.md, and every
 * answer of the running service, for every endpoint and status, conforms to it.
 */
class OpenApiTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  /** An empty database: the API is deployed before the schema exists. */
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();
  @RegisterExtension
  final ApiFixture api = ApiFixture.over(pg);

  @Test
  void theDocumentIsValidOpenApi31AndDescribesEveryEndpointOfTheContract() throws Exception {
    OpenApiContract contract = new OpenApiContract();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(contract.text(), null, options);

    assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
    assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(parsed.getOpenAPI().getPaths()).containsOnlyKeys("/popular", "/movers",
        "/products/{product_id}/history", "/products/{product_id}/ranks", "/categories", "/openapi.json");
    parsed.getOpenAPI().getPaths().forEach((path, item) -> {
      assertThat(item.getGet()).as(path).isNotNull();
      assertThat(item.getGet().getResponses()).as(path).containsKeys("200", "304", "405");
    });
  }

  /** A request and the status the contract gives it. */
  private record Case(String method, String pathAndQuery, Map<String, String> headers, int status) {
    static Case get(String pathAndQuery, int status) {
      return new Case("GET", pathAndQuery, Map.of(), status);
    }
  }

  @Test
  void everyAnswerOfEveryEndpointConformsToTheDocument() throws Exception {
    OpenApiContract contract = new OpenApiContract();
    DataSource db = pg.dataSource();
    api.start();

    List<String> failures = new ArrayList<>();
    // Nothing published yet (not even the schema).
    for (Case c : List.of(
        Case.get("/api/v1/popular", 503),
        Case.get("/api/v1/popular?category_id=c0&limit=5", 503),
        Case.get("/api/v1/categories", 503),
        Case.get("/api/v1/products/p1/ranks", 503),
        Case.get("/api/v1/movers", 503),
        Case.get("/api/v1/products/p1/history", 503),
        Case.get("/api/v1/popular?limit=0", 400),
        new Case("POST", "/api/v1/popular", Map.of(), 405),
        Case.get("/api/v1/openapi.json", 200))) {
      run(contract, c, failures);
    }

    pg.migrate();
    // A day apart, so that /popular has a comparison ranking and /movers and /history two points;
    // the newer one ranked by decay over orders with a category tree and a fallback category.
    SqlPublisher.publish(db, Instant.parse("2026-11-21T13:00:00Z"), 3, 30, 1_000);
    Map<String, String> parents = new HashMap<>();
    parents.put("c1", "c0");
    parents.put("c2", "c0");
    SqlPublisher.publish(db, Instant.parse("2026-11-22T13:00:00Z"), 3, 30, 2_000,
        new SqlPublisher.Rules("decay", 2160, "orders", parents, Map.of("c2", 4320)));
    awaitAsOf("2026-11-22T14:00:00Z");

    String rankingTag = get("/api/v1/categories").headers().firstValue("ETag").orElseThrow();
    String documentTag = get("/api/v1/openapi.json").headers().firstValue("ETag").orElseThrow();
    Map<String, String> rankingValidators = Map.of("If-None-Match", rankingTag);
    for (Case c : List.of(
        Case.get("/api/v1/popular", 200),
        Case.get("/api/v1/popular?category_id=*&limit=100", 200),
        Case.get("/api/v1/popular?category_id=c0&limit=5&offset=2", 200),
        Case.get("/api/v1/popular?category_id=c2", 200),
        Case.get("/api/v1/popular?offset=1000000", 200),
        new Case("HEAD", "/api/v1/popular?category_id=c1", Map.of(), 200),
        new Case("GET", "/api/v1/popular?category_id=c1", rankingValidators, 304),
        Case.get("/api/v1/popular?limit=101", 400),
        Case.get("/api/v1/popular?limit=ten", 400),
        Case.get("/api/v1/popular?offset=-1", 400),
        Case.get("/api/v1/popular?offset=1000001", 400),
        Case.get("/api/v1/popular?category_id=no%20such", 400),
        Case.get("/api/v1/popular?category_id=c99", 404),
        new Case("DELETE", "/api/v1/popular", Map.of(), 405),

        Case.get("/api/v1/movers", 200),
        Case.get("/api/v1/movers?category_id=c0&hours=24&limit=5&offset=0", 200),
        Case.get("/api/v1/movers?category_id=c1&hours=1", 200),
        new Case("GET", "/api/v1/movers", rankingValidators, 304),
        Case.get("/api/v1/movers?hours=0", 400),
        Case.get("/api/v1/movers?hours=169", 400),
        Case.get("/api/v1/movers?limit=101", 400),
        Case.get("/api/v1/movers?category_id=c99", 404),

        Case.get("/api/v1/products/p1/history", 200),
        Case.get("/api/v1/products/p1/history?category_id=c0&hours=168", 200),
        Case.get("/api/v1/products/p2/history?category_id=c2&hours=1", 200),
        new Case("GET", "/api/v1/products/p1/history", rankingValidators, 304),
        Case.get("/api/v1/products/p1/history?hours=0", 400),
        Case.get("/api/v1/products/p1/history?hours=169", 400),
        Case.get("/api/v1/products/p1/history?category_id=no%20such", 400),
        Case.get("/api/v1/products/p9999/history", 404),

        Case.get("/api/v1/products/p1/ranks", 200),
        new Case("HEAD", "/api/v1/products/p1/ranks", Map.of(), 200),
        new Case("GET", "/api/v1/products/p1/ranks", rankingValidators, 304),
        Case.get("/api/v1/products/no%20such/ranks", 400),
        Case.get("/api/v1/products/p9999/ranks", 404),
        new Case("PUT", "/api/v1/products/p1/ranks", Map.of(), 405),

        Case.get("/api/v1/categories", 200),
        new Case("GET", "/api/v1/categories", rankingValidators, 304),
        new Case("POST", "/api/v1/categories", Map.of(), 405),

        Case.get("/api/v1/openapi.json", 200),
        new Case("HEAD", "/api/v1/openapi.json", Map.of(), 200),
        new Case("GET", "/api/v1/openapi.json", Map.of("If-None-Match", documentTag), 304),
        new Case("POST", "/api/v1/openapi.json", Map.of(), 405))) {
      run(contract, c, failures);
    }

    assertThat(failures).as("answers that depart from openapi.json or the contract").isEmpty();
  }

  @Test
  void theServedDocumentIsTheOneInTheJarAsJson() throws Exception {
    api.start();
    HttpResponse<String> r = get("/api/v1/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.body()).isEqualTo(new OpenApiContract().text());
  }

  private void run(OpenApiContract contract, Case c, List<String> failures) throws Exception {
    URI uri = URI.create("http://localhost:" + api.port() + c.pathAndQuery());
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .method(c.method(), HttpRequest.BodyPublishers.noBody());
    c.headers().forEach(request::header);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String name = c.method() + " " + c.pathAndQuery() + " -> " + response.statusCode();
    contract.violations(c.method(), uri, response).forEach(v -> failures.add(name + ": " + v));
    if (response.statusCode() != c.status()) {
      failures.add(name + ": expected " + c.status() + " (" + response.body() + ")");
    }
    // The document's parameter ranges are the service's: it refuses exactly what the document does.
    if (c.method().equals("GET") || c.method().equals("HEAD")) {
      List<String> refused = contract.parameterViolations(uri);
      if (c.status() == 400 && refused.isEmpty()) {
        failures.add(name + ": the document accepts the parameters the service refused");
      } else if (c.status() != 400 && !refused.isEmpty()) {
        failures.add(name + ": the document refuses the parameters: " + refused);
      }
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitAsOf(String asOf) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get("/api/v1/popular");
      if (r.statusCode() == 200 && json.readTree(r.body()).get("as_of").asText().equals(asOf)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the API did not serve the ranking as of " + asOf + " within 10 s");
  }
}
