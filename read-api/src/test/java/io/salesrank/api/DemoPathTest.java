package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.demo.DemoData;
import io.salesrank.mr.LocalHadoop;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's path end to end: a generated week, ranked on Hadoop's local runner, published by the
 * loader into a real PostgreSQL, served over HTTP; every category's answer equals the view.
 */
class DemoPathTest {

  @TempDir
  Path dir;

  @Test
  void generatedWeekIsRankedPublishedAndServedAsTheReportingViewShowsIt() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      Configuration conf = LocalHadoop.conf(dir);
      Instant hour = Instant.parse("2026-11-22T13:00:00Z");
      RankingPublisher.Result published = DemoData.publishSampleWeek(conf,
          new org.apache.hadoop.fs.Path(dir.toUri()), hour, new DemoData.Size(60, 400, 12), url, "postgres", null,
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      assertThat(published.rows()).isGreaterThan(100);

      DropwizardTestSupport<ApiConfiguration> app = new DropwizardTestSupport<>(SalesRankApi.class,
          ResourceHelpers.resourceFilePath("test-api.yml"), ConfigOverride.config("database.url", url));
      app.before();
      try {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        JsonNode categories = awaitJson(http, json, "http://localhost:" + app.getLocalPort() + "/api/v1/categories");
        assertThat(categories.get("as_of").asText()).isEqualTo("2026-11-22T14:00:00Z");
        List<String> served = new ArrayList<>();
        for (JsonNode category : categories.get("categories")) {
          String id = category.get("category_id").asText();
          JsonNode page = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                  + app.getLocalPort() + "/api/v1/popular?limit=100&category_id=" + id)).build(),
              HttpResponse.BodyHandlers.ofString()).body());
          for (JsonNode item : page.get("items")) {
            served.add(String.join("|", id, item.get("rank").asText(), item.get("product_id").asText(),
                item.get("total_sold").asText(), Double.toString(item.get("score").asDouble()),
                page.get("as_of").asText()));
          }
        }
        List<String> view = new ArrayList<>();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT category_id, rank, product_id, total_sold, score, as_of"
                 + " FROM sales_rank_current ORDER BY category_id, rank")) {
          while (rs.next()) {
            view.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Double.toString(rs.getDouble(5)), rs.getTimestamp(6).toInstant().toString()));
          }
        }
        assertThat(served).hasSize((int) published.rows()).containsExactlyInAnyOrderElementsOf(view);
        // The demo publishes a ranking a day earlier too: previous_rank has something to show.
        JsonNode overall = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
            + app.getLocalPort() + "/api/v1/popular?limit=100")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(overall.get("compared_to").asText()).isEqualTo("2026-11-21T14:00:00Z");
        assertThat(overall.get("items").findValues("previous_rank")).anyMatch(JsonNode::isInt);
      } finally {
        app.after();
      }
    }
  }

  private static JsonNode awaitJson(HttpClient http, ObjectMapper json, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return json.readTree(r.body());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(url + " answered " + r.statusCode() + " for 15 s");
      }
      Thread.sleep(100);
    }
  }
}
