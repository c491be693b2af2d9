package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page at {@code /}: the server renders the list (read with and without a script), and in a
 * real browser, Debian's headless Chromium, the script adds a rank chart per product. A screenshot
 * is kept as {@code target/page.png}. Without Chromium the browser test is skipped, except in CI
 * ({@code CI=true}), where it fails.
 */
class PageTest {

  private static final Path TARGET = Path.of("target");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  @RegisterExtension
  final ApiFixture api = ApiFixture.over(MigratedPostgres.migrated());
  private final MigratedPostgres pg = api.db();

  @Test
  void thePageServesItsFilesFromTheJarAndNothingFromOutside() throws Exception {
    start();
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p)
        .contains("default-src 'none'").doesNotContain("http"));
    assertThat(page.body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(json.readTree(post.body()).get("message").asText()).isEqualTo("only GET and HEAD are allowed");
    assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(get("/app.css").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    assertThat(get("/app.js").body()).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
  }

  @Test
  void theServerRendersTheListInNaturalCategoryOrderWithPagesAndViews() throws Exception {
    start();
    String page = get("/?category_id=c1").body();
    List<String> options = new ArrayList<>();
    Matcher option = Pattern.compile("<option value=\"([^\"]+)\"").matcher(page);
    while (option.find()) {
      options.add(option.group(1));
    }
    assertThat(options).containsExactly("*", "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11");
    assertThat(page).contains("<option value=\"c1\" selected>")
        .contains("<input id=\"filter\" type=\"search\" placeholder=\"filter\" aria-label=\"Filter the categories\" hidden>");
    assertThat(rows(page)).hasSize(20).first().isEqualTo(List.of("1", "p1", "1,999"));
    assertThat(rows(page).get(19)).isEqualTo(List.of("20", "p20", "1,980"));
    assertThat(page).contains("<time datetime=\"2026-11-22T14:00:00Z\">2026-11-22 14:00:00 UTC</time>")
        .contains("href=\"/?category_id=c1&amp;offset=20\">Next 20 →</a>").doesNotContain("Previous");

    String second = get("/?category_id=c1&offset=20").body();
    assertThat(rows(second)).hasSize(10).first().isEqualTo(List.of("21", "p21", "1,979"));
    assertThat(second).contains("href=\"/?category_id=c1\">← Previous 20</a>").doesNotContain("Next 20");

    String overall = get("/").body();
    assertThat(overall).contains("<option value=\"*\" selected>");
    assertThat(rows(overall)).first().isEqualTo(List.of("1", "p1", "1,999"));

    String movers = get("/?category_id=c1&view=movers").body();
    assertThat(movers).contains("<a href=\"/?category_id=c1&amp;view=movers\" aria-current=\"page\">")
        .contains("No product rose in this category since <time datetime=\"2026-11-21T14:00:00Z\">");
    assertThat(rows(movers)).isEmpty();

    String unknown = get("/?category_id=c99").body();
    assertThat(unknown).contains("No current ranking for category c99.");
    assertThat(rows(unknown)).isEmpty();
    assertThat(get("/?category_id=%3Cb%3E").body()).doesNotContain("<b>").contains("<option value=\"*\" selected>");
  }

  @Test
  void theMoversViewListsWhatTheApiCallsMovers() throws Exception {
    SqlPublisher.publishLists(pg.dataSource(), Instant.parse("2026-11-21T14:00:00Z"),
        Map.of("*", List.of("a", "b", "c", "d"), "c1", List.of("a", "b", "c", "d")));
    SqlPublisher.publishLists(pg.dataSource(), Instant.parse("2026-11-22T14:00:00Z"),
        Map.of("*", List.of("d", "a", "c", "e"), "c1", List.of("d", "a", "c", "e")));
    api.start();
    api.await("/api/v1/categories", r -> true);
    List<List<String>> expected = new ArrayList<>();
    for (JsonNode item : json.readTree(get("/api/v1/movers?category_id=c1&hours=24&limit=20").body()).get("items")) {
      expected.add(List.of(item.get("rank").asText(), item.get("previous_rank").isNull() ? "new" : "↑" + item.get("rank_change").asInt(),
          item.get("product_id").asText(), item.get("total_sold").asText()));
    }
    assertThat(expected).extracting(r -> r.get(2)).containsExactlyInAnyOrder("d", "e");
    List<List<String>> shown = new ArrayList<>();
    Matcher row = Pattern.compile("<tr data-product=\"[^\"]+\" data-rank=\"\\d+\"><td class=\"num\">(\\d+)</td><td[^>]*>([^<]*)</td>"
        + "<td>([^<]+)</td><td[^>]*>[^<]*</td><td class=\"num\">([^<]+)</td>").matcher(get("/?category_id=c1&view=movers").body());
    while (row.find()) {
      shown.add(List.of(row.group(1), row.group(2), row.group(3), row.group(4)));
    }
    assertThat(shown).isEqualTo(expected);
  }

  /** Each rendered row's rank, product and units sold. */
  private static List<List<String>> rows(String html) {
    List<List<String>> rows = new ArrayList<>();
    Matcher row = Pattern.compile("<tr data-product=\"[^\"]+\" data-rank=\"\\d+\"><td class=\"num\">(\\d+)</td><td[^>]*>[^<]*</td>"
        + "<td>([^<]+)</td><td[^>]*>[^<]*</td><td class=\"num\">([^<]+)</td>").matcher(html);
    while (row.find()) {
      rows.add(List.of(row.group(1), row.group(2), row.group(3)));
    }
    return rows;
  }

  @Test
  void aBrowserShowsTheCategorysNumberOneWithARankChart() throws Exception {
    Path chromium = chromium().orElse(null);
    if (chromium == null) {
      String why = "no Chromium on this machine (apt-get install chromium, or set CHROMIUM to its path)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + ": CI must run the browser test");
      }
      Assumptions.abort(why + ": the browser test is skipped");
    }
    start();
    String first = json.readTree(get("/api/v1/popular?category_id=c1&limit=1").body())
        .at("/items/0/product_id").asText();
    String url = "http://localhost:" + api.port() + "/?category_id=c1";

    // The first paint needs no script: with scripts blocked the list is there as the server rendered it.
    String bare = browse(chromium, url, false, "--dump-dom");
    assertThat(bare).doesNotContain("<svg").contains("<td class=\"chart\"></td>");
    Matcher bareRow = firstRow(bare);
    assertThat(bareRow.group(1)).isEqualTo(first);
    assertThat(bareRow.group(2)).contains("<td class=\"num\">1</td>");
    assertThat(bare).contains("<option value=\"c1\" selected=\"\">").contains("2026-11-22 14:00:00 UTC</time>");

    String dom = browse(chromium, url, true, "--dump-dom");
    assertThat(dom).contains("data-state=\"ready\"");
    assertThat(dom).doesNotContain("class=\"error\"");
    Matcher row = firstRow(dom);
    assertThat(row.group(1)).isEqualTo(first);
    assertThat(row.group(2)).contains("<td class=\"num\">1</td>").contains("<svg class=\"chart\"").contains("<path d=\"M");
    assertThat(dom).contains("<option value=\"c1\" selected=\"\">");
    assertThat(dom).contains("<input id=\"filter\" type=\"search\" placeholder=\"filter\" aria-label=\"Filter the categories\">");
    // Times in the reader's zone, the UTC instant kept on hover.
    assertThat(dom).contains("title=\"2026-11-22 14:00:00 UTC\"");

    Path png = TARGET.resolve("page.png").toAbsolutePath();
    Files.deleteIfExists(png);
    browse(chromium, url, true, "--screenshot=" + png, "--window-size=1000,900");
    assertThat(png).isNotEmptyFile();
  }

  private static Matcher firstRow(String dom) {
    Matcher row = Pattern.compile("<tbody>\\s*<tr data-product=\"([^\"]+)\"[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(dom);
    assertThat(row.find()).as("a first row in the table").isTrue();
    return row;
  }

  /**
   * Runs headless Chromium on {@code url} until its virtual time budget is spent, with the page's
   * scripts allowed or blocked (by the profile's content setting, as a reader who turned them off);
   * its standard output.
   */
  private static String browse(Path chromium, String url, boolean scripts, String... what) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    if (!scripts) {
      Files.createDirectories(profile.resolve("Default"));
      Files.writeString(profile.resolve("Default/Preferences"),
          "{\"profile\":{\"default_content_setting_values\":{\"javascript\":2}}}");
    }
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
        "--virtual-time-budget=10000"));
    command.addAll(List.of(what));
    command.add(url);
    Path out = Files.createTempFile("chromium", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(TARGET.resolve("chromium.log").toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("Chromium did not finish within 90 s: " + command);
    }
    assertThat(p.exitValue()).as("Chromium's exit status (its log: target/chromium.log)").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** {@code CHROMIUM}, else Debian's {@code chromium} (or {@code chromium-browser}) on the PATH. */
  private static Optional<Path> chromium() {
    String named = System.getenv("CHROMIUM");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** The service with two published runs a day apart, over categories c0 to c11. */
  @Test
  void aPersonSwitchesBetweenNamedRankingsAndSeesEachProductsStock() throws Exception {
    DataSource db = pg.dataSource();
    SqlPublisher.publish(db, Instant.parse("2026-11-22T13:00:00Z"), 2, 30, 2_000);
    SqlPublisher.publish(db, "hot", Instant.parse("2026-11-22T13:00:00Z"), 2, 5, 50, null);
    SqlPublisher.setStock(db, Map.of("p1", false, "p2", true));
    api.start();
    api.await("/api/v1/rankings", r -> r.get("rankings").size() == 2);
    api.await("/api/v1/popular", r -> r.get("items").get(0).get("in_stock").isBoolean());

    String page = get("/?category_id=c1").body();
    assertThat(page).contains("<select id=\"ranking-name\" name=\"ranking\"><option value=\"default\" selected>default"
        + "</option><option value=\"hot\">hot</option></select>");
    assertThat(page).contains("<td>p1</td><td class=\"out\">out of stock</td>")
        .contains("<td>p2</td><td class=\"in\">in stock</td>")
        .contains("<td>p3</td><td class=\"muted\" title=\"not in the stock list\">–</td>")
        .contains("<td class=\"demand\">very high</td>").contains("<th>Demand</th>");
    String hot = get("/?category_id=c1&ranking=hot").body();
    assertThat(hot).contains("<option value=\"hot\" selected>").contains("data-ranking=\"hot\"")
        .contains("href=\"/?category_id=c1&amp;ranking=hot&amp;view=movers\"");
    assertThat(rows(hot)).hasSize(5).first().isEqualTo(List.of("1", "p1", "49"));
    assertThat(get("/?ranking=cold").body()).contains("No current ranking named cold.");
  }

  private void start() throws Exception {
    DataSource db = pg.dataSource();
    SqlPublisher.publish(db, Instant.parse("2026-11-21T13:00:00Z"), 12, 30, 1_000);
    SqlPublisher.publish(db, Instant.parse("2026-11-22T13:00:00Z"), 12, 30, 2_000);
    api.start();
    api.await("/api/v1/categories", r -> true);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
