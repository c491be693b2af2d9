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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page at {@code /} in a real browser: Debian's headless Chromium loads it from a running
 * service with published rankings, runs its script, and the DOM it leaves shows the category's top
 * list with a rank chart per product. A screenshot is kept as {@code target/page.png}.
 * Without Chromium the test is skipped, except in CI ({@code CI=true}), where it fails.
 */
class PageTest {

  private static final Path TARGET = Path.of("target");

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.migrated();
  @RegisterExtension
  final ApiFixture api = ApiFixture.over(pg);

  @Test
  void thePageServesItsFilesFromTheJarAndNothingFromOutside() throws Exception {
    start();
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p)
        .contains("default-src 'none'").doesNotContain("http"));
    assertThat(page.body()).doesNotContainPattern("(src|href)=\"(https?:)?//");
    assertThat(get("/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(get("/app.css").headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    assertThat(get("/app.js").body()).doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
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

    String dom = browse(chromium, url, "--dump-dom");
    assertThat(dom).contains("data-state=\"ready\"");
    assertThat(dom).doesNotContain("class=\"error\"");
    Matcher row = Pattern.compile("<tbody>\\s*<tr data-product=\"([^\"]+)\">(.*?)</tr>", Pattern.DOTALL).matcher(dom);
    assertThat(row.find()).as("a first row in the table").isTrue();
    assertThat(row.group(1)).isEqualTo(first);
    assertThat(row.group(2)).contains("<td class=\"num\">1</td>").contains("<svg class=\"chart\"").contains("<path d=\"M");
    assertThat(dom).contains("<option value=\"c1\"");

    Path png = TARGET.resolve("page.png").toAbsolutePath();
    Files.deleteIfExists(png);
    browse(chromium, url, "--screenshot=" + png, "--window-size=1000,900");
    assertThat(png).isNotEmptyFile();
  }

  /** Runs headless Chromium on {@code url} until its virtual time budget is spent; its standard output. */
  private static String browse(Path chromium, String url, String... what) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
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

  /** The service with two published runs a day apart. */
  private void start() throws Exception {
    DataSource db = pg.dataSource();
    SqlPublisher.publish(db, Instant.parse("2026-11-21T13:00:00Z"), 3, 30, 1_000);
    SqlPublisher.publish(db, Instant.parse("2026-11-22T13:00:00Z"), 3, 30, 2_000);
    api.start();
    api.await("/api/v1/categories", r -> true);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
