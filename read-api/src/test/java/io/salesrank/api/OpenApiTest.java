package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

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
  @RegisterExtension
  /** An empty database: the API is deployed before the schema exists. */
  final ApiFixture api = ApiFixture.over(MigratedPostgres.empty());
  private final MigratedPostgres pg = api.db();

  @Test
  void theDocumentIsValidOpenApi31AndDescribesEveryEndpointOfTheContract() throws Exception {
    OpenApiContract contract = new OpenApiContract();
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(contract.text(), null, options);

    assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
    assertThat(parsed.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
    assertThat(parsed.getOpenAPI().getPaths()).containsOnlyKeys("/popular", "/movers",
        "/products/{product_id}/history", "/products/{product_id}/ranks", "/categories", "/rankings", "/openapi.json");
    parsed.getOpenAPI().getPaths().forEach((path, item) -> {
      assertThat(item.getGet()).as(path).isNotNull();
      assertThat(item.getGet().getResponses()).as(path).containsKeys("200", "304", "405");
    });
  }

  /**
   * Requests and the status the contract gives each, a line {@code METHOD PATH STATUS}; the method
   * {@code GET-IF} is a GET with {@code If-None-Match} set to the ETag a plain GET of the path answered.
   */
  private static final String BEFORE_ANY_PUBLISH = """
      GET    /api/v1/popular                                           503
      GET    /api/v1/popular?category_id=c0&limit=5                    503
      GET    /api/v1/categories                                        503
      GET    /api/v1/products/p1/ranks                                 503
      GET    /api/v1/movers                                            503
      GET    /api/v1/products/p1/history                               503
      GET    /api/v1/rankings                                          503
      GET    /api/v1/popular?limit=0                                   400
      GET    /api/v1/popular?ranking=No%20such                         400
      POST   /api/v1/popular                                           405
      GET    /api/v1/openapi.json                                      200
      """;

  private static final String AFTER_TWO_PUBLISHES = """
      GET    /api/v1/popular                                           200
      GET    /api/v1/popular?category_id=*&limit=100                   200
      GET    /api/v1/popular?category_id=c0&limit=5&offset=2           200
      GET    /api/v1/popular?category_id=c2                            200
      GET    /api/v1/popular?offset=1000000                            200
      HEAD   /api/v1/popular?category_id=c1                            200
      GET-IF /api/v1/popular?category_id=c1                            304
      GET    /api/v1/popular?limit=101                                 400
      GET    /api/v1/popular?limit=ten                                 400
      GET    /api/v1/popular?offset=-1                                 400
      GET    /api/v1/popular?offset=1000001                            400
      GET    /api/v1/popular?category_id=no%20such                     400
      GET    /api/v1/popular?category_id=c99                           404
      GET    /api/v1/popular?ranking=hot&stock=last                    200
      GET    /api/v1/popular?category_id=c0&stock=hide&limit=5         200
      GET    /api/v1/popular?stock=maybe                               400
      GET    /api/v1/popular?ranking=Hot                               400
      GET    /api/v1/popular?ranking=cold                              404
      DELETE /api/v1/popular                                           405
      GET    /api/v1/movers                                            200
      GET    /api/v1/movers?category_id=c0&hours=24&limit=5&offset=0   200
      GET    /api/v1/movers?category_id=c1&hours=1                     200
      GET-IF /api/v1/movers                                            304
      GET    /api/v1/movers?hours=0                                    400
      GET    /api/v1/movers?hours=169                                  400
      GET    /api/v1/movers?limit=101                                  400
      GET    /api/v1/movers?category_id=c99                            404
      GET    /api/v1/products/p1/history                               200
      GET    /api/v1/products/p1/history?category_id=c0&hours=168      200
      GET    /api/v1/products/p2/history?category_id=c2&hours=1        200
      GET-IF /api/v1/products/p1/history                               304
      GET    /api/v1/products/p1/history?hours=0                       400
      GET    /api/v1/products/p1/history?hours=169                     400
      GET    /api/v1/products/p1/history?category_id=no%20such         400
      GET    /api/v1/products/p9999/history                            404
      GET    /api/v1/products/p1/history?ranking=hot                   200
      GET    /api/v1/products/p1/history?ranking=cold                  404
      GET    /api/v1/products/p1/ranks                                 200
      HEAD   /api/v1/products/p1/ranks                                 200
      GET-IF /api/v1/products/p1/ranks                                 304
      GET    /api/v1/products/no%20such/ranks                          400
      GET    /api/v1/products/p9999/ranks                              404
      GET    /api/v1/products/p2/ranks?ranking=hot                     200
      GET    /api/v1/products/p1/ranks?ranking=cold                    404
      PUT    /api/v1/products/p1/ranks                                 405
      GET    /api/v1/categories                                        200
      GET-IF /api/v1/categories                                        304
      POST   /api/v1/categories                                        405
      GET    /api/v1/categories?ranking=hot                            200
      GET    /api/v1/categories?ranking=cold                           404
      GET    /api/v1/rankings                                          200
      HEAD   /api/v1/rankings                                          200
      GET-IF /api/v1/rankings                                          304
      POST   /api/v1/rankings                                          405
      GET    /api/v1/openapi.json                                      200
      HEAD   /api/v1/openapi.json                                      200
      GET-IF /api/v1/openapi.json                                      304
      POST   /api/v1/openapi.json                                      405
      """;

  @Test
  void everyAnswerOfEveryEndpointConformsToTheDocument() throws Exception {
    OpenApiContract contract = new OpenApiContract();
    DataSource db = pg.dataSource();
    api.start();

    List<String> failures = new ArrayList<>();
    // Nothing published yet (not even the schema).
    check(contract, BEFORE_ANY_PUBLISH, failures);

    pg.migrate();
    // A day apart, so that /popular has a comparison ranking and /movers and /history two points;
    // the newer one ranked by decay over orders with a category tree and a fallback category.
    SqlPublisher.publish(db, Instant.parse("2026-11-21T13:00:00Z"), 3, 30, 1_000);
    Map<String, String> parents = new HashMap<>();
    parents.put("c1", "c0");
    parents.put("c2", "c0");
    SqlPublisher.publish(db, Instant.parse("2026-11-22T13:00:00Z"), 3, 30, 2_000,
        new SqlPublisher.Rules("decay", 2160, "orders", parents, Map.of("c2", 4320)));
    // A second name, and a stock list with products in, out and not listed.
    SqlPublisher.publish(db, "hot", Instant.parse("2026-11-22T13:00:00Z"), 2, 10, 500, null);
    SqlPublisher.setStock(db, Map.of("p1", false, "p2", true, "p3", false));
    api.await("/api/v1/rankings", r -> r.get("rankings").size() == 2);
    api.await("/api/v1/popular", r -> r.get("items").get(0).get("in_stock").isBoolean());
    api.awaitAsOf("2026-11-22T14:00:00Z");
    check(contract, AFTER_TWO_PUBLISHES, failures);

    assertThat(failures).as("answers that depart from openapi.json or the contract").isEmpty();
  }

  @Test
  void theServedDocumentIsTheOneInTheJarAsJson() throws Exception {
    api.start();
    HttpResponse<String> r = api.get("/api/v1/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.body()).isEqualTo(new OpenApiContract().text());
  }

  /** Sends each request of {@code table} and adds to {@code failures} what departs from the document or the status. */
  private void check(OpenApiContract contract, String table, List<String> failures) throws Exception {
    for (String line : table.strip().split("\n")) {
      String[] c = line.trim().split(" +");
      String method = c[0].equals("GET-IF") ? "GET" : c[0];
      int status = Integer.parseInt(c[2]);
      URI uri = URI.create("http://localhost:" + api.port() + c[1]);
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
      if (c[0].equals("GET-IF")) {
        request.header("If-None-Match", api.get(c[1]).headers().firstValue("ETag").orElse("no ETag"));
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String name = c[0] + " " + c[1] + " -> " + response.statusCode();
      contract.violations(method, uri, response).forEach(v -> failures.add(name + ": " + v));
      if (response.statusCode() != status) {
        failures.add(name + ": expected " + status + " (" + response.body() + ")");
      }
      // The document's parameter ranges are the service's: it refuses exactly what the document does.
      if (method.equals("GET") || method.equals("HEAD")) {
        List<String> refused = contract.parameterViolations(uri);
        if (status == 400 && refused.isEmpty()) {
          failures.add(name + ": the document accepts the parameters the service refused");
        } else if (status != 400 && !refused.isEmpty()) {
          failures.add(name + ": the document refuses the parameters: " + refused);
        }
      }
    }
  }
}
