package io.salesrank.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.salesrank.testing.MigratedPostgres;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The read API under test: Dropwizard's {@link DropwizardAppExtension} on {@code test-api.yml}, pointed
 * at a {@link MigratedPostgres} database, started when the test says (before the schema exists, after
 * a publish, ...) and stopped after each test. Register it alone with {@code @RegisterExtension}: it
 * runs the database's extension too ({@link #db()}), and brings the HTTP helpers every API test needs.
 */
public final class ApiFixture implements BeforeEachCallback, AfterEachCallback {

  /** The clock of {@link FixedClockApi}: an hour after the rankings the tests publish as of 15:00. */
  public static final Instant NOW = Instant.parse("2026-11-22T16:00:00Z");

  /** The application with a fixed clock, as the extension instantiates it. */
  public static class FixedClockApi extends SalesRankApi {
    public FixedClockApi() {
      super(Clock.fixed(NOW, ZoneOffset.UTC));
    }
  }

  private final MigratedPostgres db;
  private final Class<? extends SalesRankApi> application;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private DropwizardAppExtension<ApiConfiguration> app;

  private ApiFixture(MigratedPostgres db, Class<? extends SalesRankApi> application) {
    this.db = db;
    this.application = application;
  }

  /** The API with {@link FixedClockApi}'s clock over {@code db}. */
  public static ApiFixture over(MigratedPostgres db) {
    return new ApiFixture(db, FixedClockApi.class);
  }

  /** The same, with the real clock. */
  public static ApiFixture withRealClock(MigratedPostgres db) {
    return new ApiFixture(db, SalesRankApi.class);
  }

  /** Starts the API with {@code overrides} on top of {@code test-api.yml} and the database's URL. */
  public ApiFixture start(ConfigOverride... overrides) throws Exception {
    return boot(true, overrides);
  }

  /** Starts the API on {@code test-api.yml}'s own database URL, where no server listens. */
  public ApiFixture startWithoutDatabase() throws Exception {
    return boot(false);
  }

  private ApiFixture boot(boolean withDatabase, ConfigOverride... overrides) throws Exception {
    List<ConfigOverride> all = new ArrayList<>();
    if (withDatabase) {
      all.add(ConfigOverride.config("database.url", db.jdbcUrl()));
    }
    all.addAll(List.of(overrides));
    app = new DropwizardAppExtension<>(application, ResourceHelpers.resourceFilePath("test-api.yml"),
        all.toArray(ConfigOverride[]::new));
    try {
      app.before();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
    return this;
  }

  public void stop() {
    if (app != null) {
      app.after();
      app = null;
    }
  }

  /** The database the API reads, a fresh one a test; {@code null} for {@code over(null)}. */
  public MigratedPostgres db() {
    return db;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (db != null) {
      db.beforeEach(context);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    stop();
    if (db != null) {
      db.afterEach(context);
    }
  }

  public int port() {
    return running().getLocalPort();
  }

  public int adminPort() {
    return running().getAdminPort();
  }

  public SalesRankApi application() {
    return (SalesRankApi) running().getApplication();
  }

  /** {@code GET pathAndQuery} on the API's port, with {@code headers} as name, value, ... */
  public HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
    return send(port(), pathAndQuery, headers);
  }

  /** {@code GET path} on the admin port. */
  public HttpResponse<String> admin(String path) throws Exception {
    return send(adminPort(), path);
  }

  /** The 200 answer to {@code pathAndQuery}, as JSON. */
  public JsonNode ok(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    if (r.statusCode() != 200) {
      throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
    }
    return json.readTree(r.body());
  }

  public JsonNode health() throws Exception {
    return json.readTree(admin("/healthcheck").body());
  }

  /** Waits up to 10 s for {@code pathAndQuery} to answer 200 with a body {@code condition} accepts. */
  public JsonNode await(String pathAndQuery, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(pathAndQuery);
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() == 200) {
        JsonNode body = json.readTree(r.body());
        if (condition.test(body)) {
          return body;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(pathAndQuery + " did not answer as awaited within 10 s; last: " + last);
  }

  /** Waits until the API serves the ranking as of {@code asOf}. */
  public void awaitAsOf(String asOf) throws Exception {
    await("/api/v1/popular", r -> r.get("as_of").asText().equals(asOf));
  }

  private HttpResponse<String> send(int port, String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private DropwizardAppExtension<ApiConfiguration> running() {
    if (app == null) {
      throw new IllegalStateException("the API is not started: call start()");
    }
    return app;
  }
}
