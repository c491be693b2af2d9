package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.demo.DemoData;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's path end to end: a generated week, ranked on Hadoop's local runner, published by the
 * loader into a real PostgreSQL, served over HTTP; every category's answer equals the view.
 */
class DemoPathTest {

  @TempDir
  Path dir;
  /** An empty database: the demo's path migrates it, as the loader does. */
  @RegisterExtension
  final ApiFixture api = ApiFixture.withRealClock(MigratedPostgres.empty());
  private final MigratedPostgres pg = api.db();

  @Test
  void generatedWeekIsRankedPublishedAndServedAsTheReportingViewShowsIt() throws Exception {
    Configuration conf = LocalHadoop.conf(dir);
    Instant hour = Instant.parse("2026-11-22T13:00:00Z");
    RankingPublisher.Result published = DemoData.publishSampleWeek(conf,
        new org.apache.hadoop.fs.Path(dir.toUri()), hour, new DemoData.Size(60, 400, 12), pg.jdbcUrl(), "postgres",
        null, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(published.rows()).isGreaterThan(100);

    api.start();
    JsonNode categories = api.await("/api/v1/categories", r -> true);
    assertThat(categories.get("as_of").asText()).isEqualTo("2026-11-22T14:00:00Z");
    List<String> served = new ArrayList<>();
    for (JsonNode category : categories.get("categories")) {
      String id = category.get("category_id").asText();
      JsonNode page = api.ok("/api/v1/popular?limit=100&category_id=" + id);
      for (JsonNode item : page.get("items")) {
        served.add(String.join("|", id, item.get("rank").asText(), item.get("product_id").asText(),
            item.get("total_sold").asText(), Double.toString(item.get("score").asDouble()),
            page.get("as_of").asText()));
      }
    }
    List<String> view = new ArrayList<>();
    try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT category_id, rank, product_id, total_sold, score, as_of"
             + " FROM sales_rank_current ORDER BY category_id, rank")) {
      while (rs.next()) {
        view.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            Double.toString(rs.getDouble(5)), rs.getTimestamp(6).toInstant().toString()));
      }
    }
    assertThat(served).hasSize((int) published.rows()).containsExactlyInAnyOrderElementsOf(view);
    // The demo publishes a ranking a day earlier too: previous_rank has something to show.
    JsonNode overall = api.ok("/api/v1/popular?limit=100");
    assertThat(overall.get("compared_to").asText()).isEqualTo("2026-11-21T14:00:00Z");
    assertThat(overall.get("items").findValues("previous_rank")).anyMatch(JsonNode::isInt);
  }
}
