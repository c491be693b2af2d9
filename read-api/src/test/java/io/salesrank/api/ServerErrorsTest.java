package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Errors the servlet container answers before any servlet runs (an empty path segment, a URL too long
 * for the server) have the body every other error has, {@code {"code", "message"}}, not Jetty's page.
 */
class ServerErrorsTest {

  @RegisterExtension
  final ApiFixture api = ApiFixture.over(null);
  private final ObjectMapper json = new ObjectMapper();

  private void assertJsonError(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("code").asInt()).isEqualTo(status);
    assertThat(body.get("message").asText()).isNotBlank().doesNotContain("<");
  }

  @Test
  void anEmptyPathSegmentIsA400WithTheJsonError() throws Exception {
    api.startWithoutDatabase();
    assertJsonError(api.get("/api/v1/products//ranks"), 400);
  }

  @Test
  void aUrlTooLongForTheServerIsA414WithTheJsonError() throws Exception {
    api.startWithoutDatabase();
    assertJsonError(api.get("/api/v1/popular?category_id=" + "c".repeat(20_000)), 414);
  }

  @Test
  void anUnknownPathOutsideTheApiIsA404WithTheJsonError() throws Exception {
    api.startWithoutDatabase();
    assertJsonError(api.get("/no/such/page"), 404);
  }
}
