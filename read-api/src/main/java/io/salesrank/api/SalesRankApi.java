package io.salesrank.api;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.codahale.metrics.Gauge;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.db.HistoryDao;
import io.salesrank.api.db.RankingDao;
import io.salesrank.api.db.PushStats;
import io.salesrank.api.db.RankingRefresher;
import io.salesrank.api.db.SchemaCheck;
import io.salesrank.api.health.HealthChecks;
import io.salesrank.api.resources.JsonErrorHandler;
import io.salesrank.api.resources.PageServlet;
import io.salesrank.api.resources.RankingServlet;
import io.salesrank.api.resources.StaticFileServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/** The read API: {@code salesrank serve [CONFIG.yml]} ({@link Serve}) runs its {@code server} command. */
public class SalesRankApi extends Application<ApiConfiguration> {

  /** The configuration used when none is named: environment variables only (docs/cli.md). */
  public static final String DEFAULT_CONFIG = "salesrank-api.yml";
  /** The OpenAPI document's path: under the ranking servlet's mapping, served by a servlet of its own. */
  static final String OPENAPI_PATH = "/api/v1/openapi.json";

  private final Clock clock;

  public SalesRankApi() {
    this(Clock.systemUTC());
  }

  public SalesRankApi(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) throws Exception {
    new SalesRankApi().run(args);
  }

  @Override
  public String getName() {
    return "salesrank-read-api";
  }

  @Override
  public void initialize(Bootstrap<ApiConfiguration> bootstrap) {
    // ${SALESRANK_...} in the YAML; an unset variable without a default is an error.
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        new FileOrClasspathSourceProvider(), new EnvironmentVariableSubstitutor(true)));
  }

  @Override
  protected void addDefaultCommands(Bootstrap<ApiConfiguration> bootstrap) {
    // Dropwizard's two, with a server command that checks its ports and fails in one line.
    bootstrap.addCommand(new ApiServerCommand(this));
    bootstrap.addCommand(new CheckCommand<>(this));
  }

  @Override
  public void run(ApiConfiguration config, Environment environment) {
    HikariDataSource db = pool(config.database());
    environment.lifecycle().manage(new Managed() {
      @Override
      public void stop() {
        db.close();
      }
    });
    new SchemaCheck(db).validate();
    RankingDao dao = new RankingDao(db);
    RankingCache cache = new RankingCache();
    PrometheusRegistry prometheus = new PrometheusRegistry();
    RankingServlet servlet = new RankingServlet(environment.getObjectMapper(), environment.metrics(), prometheus,
        (int) config.ranking().cacheMaxAge().toSeconds(),
        (int) Math.max(1, config.ranking().refreshInterval().toSeconds()), new HistoryDao(db, dao::schemaHasNames));
    // Each new run is rendered for the servlet before the cache (health checks, gauges) names it.
    RankingRefresher refresher = new RankingRefresher(dao, cache, servlet::show,
        config.ranking().refreshInterval().toJavaDuration(), clock);
    environment.lifecycle().manage(refresher);
    PushStats pushes = new PushStats(db);
    environment.lifecycle().manage(pushes);
    environment.servlets().addServlet("ranking", servlet).addMapping(RankingServlet.PATH);
    // Exact paths win over the ranking servlet's /api/v1/* and Jersey's /*; "" is the root alone.
    environment.servlets().addServlet("openapi",
        StaticFileServlet.of(environment.getObjectMapper(), "openapi.json", "application/json"))
        .addMapping(OPENAPI_PATH);
    // The page: its first list rendered by the server, so that it reads without a script.
    environment.servlets().addServlet("page", PageServlet.of(environment.getObjectMapper(), servlet))
        .addMapping("", "/index.html");
    environment.servlets().addServlet("page-script",
        StaticFileServlet.of(environment.getObjectMapper(), "app.js", "text/javascript; charset=utf-8"))
        .addMapping("/app.js");
    environment.servlets().addServlet("page-style",
        StaticFileServlet.of(environment.getObjectMapper(), "app.css", "text/css; charset=utf-8"))
        .addMapping("/app.css");

    // Errors Jetty answers itself (an ambiguous path, a URL too long) in the API's JSON, not as a page.
    // Set as the server starts, so that no request ever meets Jetty's own.
    JsonErrorHandler errors = new JsonErrorHandler(environment.getObjectMapper());
    environment.lifecycle().addEventListener(new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          server.setErrorHandler(errors);
        }
      }
    });

    environment.healthChecks().register("database", HealthChecks.database(dao, cache));
    environment.healthChecks().register("freshness",
        HealthChecks.freshness(cache, clock, config.ranking().maxStaleness().toJavaDuration()));
    environment.metrics().register("salesrank.ranking.run-id",
        (Gauge<Long>) () -> cache.current().map(s -> s.run().runId()).orElse(-1L));
    environment.metrics().register("salesrank.ranking.age-seconds",
        (Gauge<Long>) () -> cache.current()
            .map(s -> java.time.Duration.between(s.run().asOf(), clock.instant()).toSeconds()).orElse(-1L));
    // The same in Prometheus' text format, next to /metrics (registered last: the bridge reads
    // Dropwizard's registry at each scrape, so metrics added later come through too).
    PrometheusMetrics.register(prometheus, environment.metrics(), cache, refresher, pushes, clock);
    environment.getAdminContext().addServlet(new PrometheusMetrics.TextFormatServlet(prometheus), "/prometheus");
  }

  /** A small read-only pool that lets the service start while the database is down. */
  private static HikariDataSource pool(DatabaseConfig database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.url());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setPoolName("salesrank-api");
    config.setMaximumPoolSize(2);
    config.setReadOnly(true);
    config.setConnectionTimeout(3_000);
    config.setValidationTimeout(2_000);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /** Whether {@code path} is looked up on the class path (the bundled configuration): no file has that name. */
  static boolean onClassPath(String path) {
    return !Files.isRegularFile(Path.of(path));
  }

  /** A configuration path names a file, or else a resource on the class path (the default). */
  static final class FileOrClasspathSourceProvider implements ConfigurationSourceProvider {
    @Override
    public InputStream open(String path) throws java.io.IOException {
      if (!onClassPath(path)) {
        return new FileInputStream(path);
      }
      InputStream resource = SalesRankApi.class.getClassLoader().getResourceAsStream(path);
      if (resource == null) {
        throw new FileNotFoundException("no configuration file " + path);
      }
      return resource;
    }
  }
}
