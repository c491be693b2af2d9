package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /prometheus} on the admin port of the running service, scraped over HTTP and read by
 * Prometheus' own parser: the official Python client's ({@code python3-prometheus-client} on Debian).
 * Without it the test is skipped, except in CI ({@code CI=true}), where it fails.
 */
class PrometheusTest {

  private static final String PYTHON = "/usr/bin/python3";
  /** Reads a scrape on stdin, prints its samples as JSON; a non-finite value is printed as a string. */
  private static final String PARSER = """
      import json, math, sys
      from prometheus_client.parser import text_string_to_metric_families
      out = []
      for family in text_string_to_metric_families(sys.stdin.read()):
          for s in family.samples:
              v = s.value if math.isfinite(s.value) else str(s.value)
              out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": v})
      json.dump(out, sys.stdout)
      """;
  /** What Prometheus 2.x/3.x sends: OpenMetrics first. The service answers in the 0.0.4 text format anyway. */
  private static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,"
      + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  private static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  @RegisterExtension
  final ApiFixture api = ApiFixture.withRealClock(MigratedPostgres.migrated());
  private final MigratedPostgres pg = api.db();

  /** The label of the ranking gauges' samples for the ranking named default. */
  private static final Map<String, String> DEFAULT = Map.of("ranking", "default");

  /** One sample of a scrape. */
  record Sample(String family, String type, String name, Map<String, String> labels, double value) {
  }

  @BeforeAll
  static void needsThePythonParser() throws Exception {
    String why = null;
    if (!new java.io.File(PYTHON).canExecute()) {
      why = "no " + PYTHON;
    } else {
      Process p = new ProcessBuilder(PYTHON, "-c", "import prometheus_client.parser").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        why = "no prometheus_client module for " + PYTHON;
      }
    }
    if (why != null) {
      why += " (apt-get install python3-prometheus-client): Prometheus' parser reads the scrape";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; CI must run this test");
      }
      Assumptions.abort(why + "; the test is skipped");
    }
  }

  @Test
  void thePushesShowByHostAndStateWithTheOldestPendingAge() throws Exception {
    try (java.sql.Connection c = pg.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO subscription (url, host, ranking_name, categories) VALUES
            ('https://a.example/hook', 'a.example:443', 'default', '{*}'),
            ('http://b.example/hook', 'b.example:80', 'default', '{c1}')""");
      s.execute("""
          INSERT INTO notification_delivery (delivery_id, subscription_id, ranking_name, as_of, status, attempts,
                                             delivered_at, created_at, change_count, body) VALUES
            (gen_random_uuid(), 1, 'default', now(), 'delivered', 1, now(), now() - interval '1 hour', 1, '{}'),
            (gen_random_uuid(), 1, 'default', now(), 'delivered', 2, now(), now() - interval '1 hour', 1, '{}'),
            (gen_random_uuid(), 1, 'default', now(), 'pending', 0, NULL, now() - interval '100 seconds', 1, '{}'),
            (gen_random_uuid(), 2, 'default', now(), 'pending', 3, NULL, now() - interval '300 seconds', 1, '{}')""");
    }
    api.start();
    List<Sample> scrape = awaitScrape(s -> has(s, "salesrank_pushes"), "the pushes read");
    assertThat(scrape).filteredOn(s -> s.name().equals("salesrank_pushes"))
        .extracting(s -> s.labels().get("host") + " " + s.labels().get("state") + " " + (long) s.value())
        .containsExactlyInAnyOrder("a.example:443 delivered 2", "a.example:443 pending 1", "a.example:443 failed 0",
            "b.example:80 delivered 0", "b.example:80 pending 0", "b.example:80 failed 1");
    assertThat(value(scrape, "salesrank_push_oldest_pending_seconds", Map.of())).isCloseTo(300, within(30.0));
  }

  @Test
  void theAdminPortServesTheRankingAndRequestsInPrometheusTextFormat() throws Exception {
    DataSource db = pg.dataSource();
    api.start();

    // Nothing published: no ranking gauges at all, no failures (an empty schema is no failure).
    List<Sample> before = scrape(null);
    assertThat(before).noneMatch(s -> s.name().startsWith("salesrank_ranking_rows")
        || s.name().startsWith("salesrank_ranking_age_seconds"));
    assertThat(value(before, "salesrank_refresh_failures_total", Map.of())).isEqualTo(0);

    // The run as of the last full hour: 5 categories plus '*', 20 rows each.
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    Instant asOf = hour.plus(Duration.ofHours(1));
    SqlPublisher.publish(db, hour, 5, 20, 1_000);
    List<Sample> loaded = awaitScrape(s -> has(s, "salesrank_ranking_rows"), "the ranking loaded");
    assertThat(value(loaded, "salesrank_ranking_rows", DEFAULT)).isEqualTo(120);

    for (int i = 0; i < 3; i++) {
      assertThat(api.get("/api/v1/popular?category_id=c1").statusCode()).isEqualTo(200);
    }
    assertThat(api.get("/api/v1/popular?limit=0").statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/products/nosuchproduct/ranks").statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/products/p7/ranks").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/unknownpath42").statusCode()).isEqualTo(404);
    // Outside the ranking endpoints, Jetty's handler metrics count: the page, and a path nothing serves.
    assertThat(api.get("/").statusCode()).isEqualTo(200);
    assertThat(api.get("/nosuchpage42").statusCode()).isEqualTo(404);
    // A request is timed after its answer is written: the client may read it before it is counted.
    awaitScrape(s -> sum(s, "salesrank_api_request_duration_seconds_count") >= 7
        && sum(s, "jetty_4xx_responses_total") >= 1,
        "the seven requests counted by the servlet, the two others by Jetty's handler");

    Instant now = Instant.now();
    List<Sample> scrape = scrape(PROMETHEUS_ACCEPT);
    double expectedAge = Duration.between(asOf, now).toMillis() / 1000.0;
    assertThat(value(scrape, "salesrank_ranking_age_seconds", DEFAULT)).isCloseTo(expectedAge, within(5.0));
    assertThat(value(scrape, "salesrank_ranking_rows", DEFAULT)).isEqualTo(120);
    assertThat(value(scrape, "salesrank_refresh_failures_total", Map.of())).isEqualTo(0);

    String requests = "salesrank_api_request_duration_seconds";
    assertThat(scrape).filteredOn(s -> s.name().equals(requests + "_count")).extracting(Sample::labels)
        .containsExactlyInAnyOrder(
            Map.of("endpoint", "/api/v1/popular", "status", "200"),
            Map.of("endpoint", "/api/v1/popular", "status", "400"),
            Map.of("endpoint", "/api/v1/products/{product_id}/ranks", "status", "404"),
            Map.of("endpoint", "/api/v1/products/{product_id}/ranks", "status", "200"),
            Map.of("endpoint", "other", "status", "404"));
    Map<String, String> popular200 = Map.of("endpoint", "/api/v1/popular", "status", "200");
    assertThat(value(scrape, requests + "_count", popular200)).isEqualTo(3);
    assertThat(value(scrape, requests + "_count", Map.of("endpoint", "/api/v1/popular", "status", "400")))
        .isEqualTo(1);
    assertThat(value(scrape, requests + "_count",
        Map.of("endpoint", "/api/v1/products/{product_id}/ranks", "status", "404"))).isEqualTo(1);
    assertThat(value(scrape, requests + "_count", Map.of("endpoint", "other", "status", "404"))).isEqualTo(1);
    assertThat(value(scrape, requests + "_sum", popular200)).isGreaterThan(0);
    Map<String, String> inf = new LinkedHashMap<>(popular200);
    inf.put("le", "+Inf");
    assertThat(value(scrape, requests + "_bucket", inf)).isEqualTo(3);
    assertThat(scrape).filteredOn(s -> s.name().equals(requests + "_count")).allMatch(s -> s.type().equals("histogram"));

    // No raw path or id as a label value anywhere.
    assertThat(scrape).flatExtracting(s -> new ArrayList<>(s.labels().values()))
        .noneMatch(v -> v.contains("nosuchproduct") || v.contains("p7") || v.contains("unknownpath42"));

    // Dropwizard's metrics come through the bridge: the servlet's timers (the 400 included), Jetty's,
    // which count the requests outside the ranking endpoints only (their three 4xx are not among them).
    assertThat(value(scrape, "salesrank_api_popular_request_seconds_count", Map.of())).isEqualTo(4);
    assertThat(value(scrape, "salesrank_ranking_run_id", Map.of())).isGreaterThan(0);
    assertThat(value(scrape, "jetty_4xx_responses_total", Map.of())).isEqualTo(1);
    assertThat(value(scrape, "jetty_2xx_responses_total", Map.of())).isEqualTo(1);
    assertThat(value(scrape, "jetty_get_requests_count", Map.of())).isEqualTo(2);

    // The database goes away: the ranking is still served and the failed polls are counted.
    pg.stop();
    List<Sample> down = awaitScrape(s -> value(s, "salesrank_refresh_failures_total", Map.of()) > 0,
        "a failed refresh counted");
    assertThat(value(down, "salesrank_ranking_rows", DEFAULT)).isEqualTo(120);
  }

  /** Scrapes {@code /prometheus} (sending {@code accept} if not null), checks its type, and parses it. */
  @Test
  void theScrapePassesPrometheusOwnLinter() throws Exception {
    String promtool = "/usr/bin/promtool";
    if (!new java.io.File(promtool).canExecute()) {
      String why = "no " + promtool + " (apt-get install prometheus): Prometheus' linter checks the scrape";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + "; CI must run this test");
      }
      Assumptions.abort(why + "; the test is skipped");
    }
    SqlPublisher.publish(pg.dataSource(), Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)),
        3, 10, 1_000);
    api.start();
    awaitScrape(s -> has(s, "salesrank_ranking_rows"), "the ranking loaded");
    for (String path : new String[] {"/api/v1/popular", "/api/v1/popular?limit=0", "/api/v1/categories",
        "/api/v1/nosuchpath"}) {
      api.get(path);
    }
    String scrape = api.admin("/prometheus").body();
    Process check = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    check.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(said).as("promtool check metrics").isEmpty();
    assertThat(check.exitValue()).isZero();
    // Jetty's requests in progress go down as well as up: a gauge, not a counter.
    assertThat(scrape).contains("# TYPE jetty_active gauge").doesNotContain("active_requests_total");
  }

  private List<Sample> scrape(String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://localhost:" + api.adminPort() + "/prometheus"));
    if (accept != null) {
      request.header("Accept", accept);
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(TEXT_004);
    return parse(r.body());
  }

  private List<Sample> awaitScrape(Predicate<List<Sample>> until, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      List<Sample> samples = scrape(null);
      if (until.test(samples)) {
        return samples;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s: " + what);
      }
      Thread.sleep(100);
    }
  }

  private static double sum(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  private static boolean has(List<Sample> samples, String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The value of the one sample {@code name} with exactly {@code labels}. */
  private static double value(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
    assertThat(found).as(name + labels).hasSize(1);
    return found.get(0).value();
  }

  /** The scrape's samples as Prometheus' Python parser reads them. */
  private List<Sample> parse(String exposition) throws Exception {
    Process p = new ProcessBuilder(PYTHON, "-c", PARSER).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("the parser: " + new String(err.get(), StandardCharsets.UTF_8)).isZero();
    List<Sample> samples = new ArrayList<>();
    for (JsonNode s : json.readTree(out)) {
      Map<String, String> labels = new LinkedHashMap<>();
      s.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      JsonNode v = s.get("value");
      samples.add(new Sample(s.get("family").asText(), s.get("type").asText(), s.get("name").asText(), labels,
          v.isNumber() ? v.asDouble() : nonFinite(v.asText())));
    }
    return samples;
  }

  private static double nonFinite(String python) {
    return switch (python) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.NaN;
    };
  }

  private static byte[] readAll(InputStream in) {
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
