package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.salesrank.demo.DemoData;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answers docs/read-api.md shows are the demo's own: the demo's week (its size and seeds) is
 * published, as of a fixed hour, by the demo's own code, and each documented request's answer must
 * equal the JSON the page shows after it ({@code computed_at} aside, and for a list the page cuts with
 * "…", the items it shows). A change to the generator, the rules or the answers fails here first.
 */
class DemoExamplesTest {

  /** The hour the page's examples are as of (their as_of is its end). */
  private static final Instant HOUR = Instant.parse("2026-11-22T13:00:00Z");
  /** A documented request, {@code curl -s 'localhost:8080/...'}, then its answer in a json block. */
  private static final Pattern EXAMPLE = Pattern.compile(
      "curl -s '(?:localhost:8080)(/api/v1/[^']+)'[^\\n]*\\n```\\s*\\n```json\\n(.*?)\\n```", Pattern.DOTALL);

  @TempDir
  Path dir;
  @RegisterExtension
  final ApiFixture api = ApiFixture.withRealClock(MigratedPostgres.empty());
  private final MigratedPostgres pg = api.db();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void theApiPagesExamplesAreTheDemosAnswers() throws Exception {
    DemoData.publishSampleWeek(LocalHadoop.conf(dir), new org.apache.hadoop.fs.Path(dir.toUri()), HOUR,
        DemoData.Size.DEMO, pg.jdbcUrl(), "postgres", null,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    api.start();
    api.await("/api/v1/popular", r -> r.get("compared_to").isTextual());

    String page = Files.readString(Path.of("..", "docs", "read-api.md"));
    Matcher m = EXAMPLE.matcher(page);
    List<String> checked = new ArrayList<>();
    List<String> drifted = new ArrayList<>();
    while (m.find()) {
      String request = m.group(1);
      String shown = m.group(2);
      JsonNode answer = comparable(api.ok(request));
      boolean cut = shown.contains("…");
      JsonNode expected = comparable(json.readTree(shown.replaceAll(",\\s*…", "")));
      if (cut) {
        cutLike(answer, expected);
      }
      if (!answer.equals(expected)) {
        drifted.add(request + " answers\n" + json.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
      }
      checked.add(request);
    }
    assertThat(checked).as("the documented requests").hasSizeGreaterThanOrEqualTo(5);
    assertThat(drifted).as("examples in docs/read-api.md that are not the demo's answers").isEmpty();

    // docs/demo.md's guide to the data: p8437 first overall and in c181, p1 91st in c99.
    String demoPage = Files.readString(Path.of("..", "docs", "demo.md"));
    assertThat(demoPage).contains("`p8437` sells\nbest, overall and in its category `c181`").contains("`p1` (rank 91 in `c99`)");
    assertThat(api.ok("/api/v1/products/p8437/ranks").get("ranks")).extracting(r -> r.get("category_id").asText()
        + "=" + r.get("rank").asInt()).containsExactly("*=1", "c181=1");
    assertThat(api.ok("/api/v1/products/p1/ranks").get("ranks")).extracting(r -> r.get("category_id").asText()
        + "=" + r.get("rank").asInt()).containsExactly("c99=91");

    // The validators: the demo publishes two runs, so its ETag is r2- and a hash; If-None-Match with it is a 304.
    HttpResponse<String> first = api.get("/api/v1/categories");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"r2-");
    assertThat(page).contains("# ETag: \"r2-");
    assertThat(api.get("/api/v1/categories", "If-None-Match", etag).statusCode()).isEqualTo(304);
  }

  /** The answer without what varies from run to run: when each ranking was computed. */
  private static JsonNode comparable(JsonNode answer) {
    if (answer instanceof ObjectNode o) {
      o.remove("computed_at");
    }
    answer.path("rankings").forEach(r -> ((ObjectNode) r).remove("computed_at"));
    return answer;
  }

  /** Cuts each array of {@code answer} to the length the page shows of it. */
  private static void cutLike(JsonNode answer, JsonNode shown) {
    shown.fieldNames().forEachRemaining(field -> {
      if (shown.get(field).isArray() && answer.get(field) instanceof ArrayNode list) {
        while (list.size() > shown.get(field).size()) {
          list.remove(list.size() - 1);
        }
      }
    });
  }
}
