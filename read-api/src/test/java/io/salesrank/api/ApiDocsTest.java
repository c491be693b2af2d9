package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.resources.Endpoint;
import org.junit.jupiter.api.Test;

/**
 * The read API's page (docs/read-api.md) names every path of its OpenAPI document, and the servlet's
 * route table is the document's paths; docs/cli.md names what {@code serve --help} prints.
 */
class ApiDocsTest {

  private static List<String> documentedPaths() throws Exception {
    try (InputStream in = ApiDocsTest.class.getResourceAsStream("/io/salesrank/api/web/openapi.json")) {
      JsonNode doc = new ObjectMapper().readTree(in);
      String base = doc.path("servers").get(0).path("url").asText();
      List<String> paths = new ArrayList<>();
      doc.path("paths").fieldNames().forEachRemaining(p -> paths.add(base + p));
      return paths;
    }
  }

  @Test
  void theApiPageNamesEveryPathOfTheOpenApiDocument() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "read-api.md"));
    assertThat(documentedPaths()).hasSizeGreaterThan(5).allSatisfy(path -> assertThat(page).contains(path));
  }

  @Test
  void theRouteTableIsTheDocumentsPaths() throws Exception {
    List<String> routes = new ArrayList<>();
    for (Endpoint e : Endpoint.values()) {
      if (e != Endpoint.OTHER) {
        routes.add(e.label);
      }
    }
    routes.add("/api/v1/openapi.json");  // served by the static file servlet
    assertThat(routes).containsExactlyInAnyOrderElementsOf(documentedPaths());
  }

  @Test
  void theCommandLinePageNamesServesOptionsAndVariables() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "cli.md"));
    for (String name : List.of("--help", "-h", "SALESRANK_JDBC_URL", "SALESRANK_DB_USER", "SALESRANK_DB_PASSWORD",
        "SALESRANK_HTTP_PORT", "SALESRANK_ADMIN_PORT", "SALESRANK_MAX_STALENESS", "SALESRANK_DEBUG")) {
      assertThat(page).as(name).contains(name);
    }
  }
}
