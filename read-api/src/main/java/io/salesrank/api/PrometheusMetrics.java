package io.salesrank.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.db.PushStats;
import io.salesrank.api.db.RankingRefresher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What {@code /prometheus} on the admin port serves (docs/read-api.md): every Dropwizard metric
 * through Prometheus' bridge, each named ranking's age and size, the pushes to subscribers, the failed refresh
 * polls, and the ranking
 * servlet's {@code salesrank_api_request_duration_seconds} (registered by the servlet itself).
 */
final class PrometheusMetrics {

  /** The Dropwizard gauge the native {@code salesrank_ranking_age_seconds} replaces; bridged, the names would clash. */
  static final String DROPWIZARD_AGE = "salesrank.ranking.age-seconds";

  /**
   * Dropwizard's and Jetty's metrics under Prometheus names: snake_case, units in the name (promtool
   * check metrics passes). The bridge makes a family of each Dropwizard metric, so what varies (the
   * endpoint, the thread pool) stays in the name. The first matching pattern wins; JVM and connection
   * pool metrics are snake_case already and keep their names.
   */
  private static final List<MapperConfig> SNAKE_CASE = List.of(
      new MapperConfig("io.dropwizard.jetty.MutableServletContextHandler.*", "jetty_${0}", Map.of()),
      new MapperConfig("io.salesrank.api.resources.RankingServlet.*", "salesrank_api_${0}_request_seconds", Map.of()),
      new MapperConfig("org.eclipse.jetty.util.thread.QueuedThreadPool.*.*", "jetty_threads_${0}_${1}", Map.of()),
      new MapperConfig("org.eclipse.jetty.server.HttpConnectionFactory.*.connections",
          "jetty_port_${0}_connection_seconds", Map.of()),
      new MapperConfig("TimeBoundHealthCheck-pool.*", "healthcheck_pool_${0}", Map.of()),
      new MapperConfig("io.dropwizard.jersey.errors.EofExceptionWriterInterceptor.*", "jersey_${0}", Map.of()));

  private PrometheusMetrics() {
  }

  /** A Dropwizard counter that counts down too: a gauge for Prometheus, whose counters only go up. */
  private static boolean isUpDownCounter(String name, Metric metric) {
    return metric instanceof Counter && name.contains(".active-");
  }

  /**
   * Registers the metrics on {@code registry}. Before the first ranking is loaded the two ranking
   * gauges have no sample at all (rather than a made-up 0 or -1 an alert would have to know about).
   */
  static void register(PrometheusRegistry registry, MetricRegistry dropwizard, RankingCache cache,
      RankingRefresher refresher, PushStats pushes, Clock clock) {
    DropwizardExports.builder()
        .dropwizardRegistry(dropwizard)
        // Counters that also go down (Jetty's active requests) are gauges, below.
        .metricFilter((name, metric) -> !name.equals(DROPWIZARD_AGE) && !isUpDownCounter(name, metric))
        .customLabelMapper(new CustomLabelMapper(SNAKE_CASE))
        // A gauge that throws (a JVM attribute gone away) drops that gauge, not the whole scrape.
        .invalidMetricHandler((name, e) -> true)
        .register(registry);
    GaugeWithCallback.builder()
        .name("jetty_active")
        .help("Requests, dispatches and suspended requests in progress on the API's port, by what")
        .labelNames("what")
        .callback(cb -> dropwizard.getCounters((name, metric) -> isUpDownCounter(name, metric))
            .forEach((name, counter) -> cb.call(counter.getCount(), name.substring(name.lastIndexOf(".active-") + 8))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("salesrank_ranking_age_seconds")
        .help("Seconds from each named ranking's current as_of to now; absent before a ranking is loaded")
        .unit(Unit.SECONDS)
        .labelNames("ranking")
        .callback(cb -> cache.all().forEach((name, s) ->
            cb.call(Duration.between(s.run().asOf(), clock.instant()).toMillis() / 1000.0, name)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("salesrank_ranking_rows")
        .help("Rows (all categories, overall included) of each named ranking served; absent before a ranking is loaded")
        .labelNames("ranking")
        .callback(cb -> cache.all().forEach((name, s) -> cb.call(rows(s), name)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("salesrank_pushes")
        .help("Pushes to subscribers kept in notification_delivery, by subscription host and state: delivered,"
            + " pending (not yet attempted) or failed (attempted, not yet delivered)")
        .labelNames("host", "state")
        .callback(cb -> pushes.byHost().forEach((host, h) -> {
          cb.call(h.delivered(), host, "delivered");
          cb.call(h.pending(), host, "pending");
          cb.call(h.failed(), host, "failed");
        }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("salesrank_push_oldest_pending_seconds")
        .help("Seconds since the oldest push not yet delivered was made; 0 when none is pending")
        .unit(Unit.SECONDS)
        .callback(cb -> cb.call(pushes.oldestPendingSeconds()))
        .register(registry);
    CounterWithCallback.builder()
        .name("salesrank_refresh_failures_total")
        .help("Polls of the database for the current ranking that failed since start")
        .callback(cb -> cb.call(refresher.failures()))
        .register(registry);
  }

  private static long rows(RankingSnapshot snapshot) {
    long rows = 0;
    for (List<?> category : snapshot.byCategory().values()) {
      rows += category.size();
    }
    return rows;
  }

  /**
   * The client library's servlet, answering in the text format 0.0.4 whatever the scraper accepts:
   * Prometheus asks for OpenMetrics first, which the contract does not promise.
   */
  static final class TextFormatServlet extends PrometheusMetricsServlet {

    TextFormatServlet(PrometheusRegistry registry) {
      super(registry);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      super.doGet(new HttpServletRequestWrapper(request) {
        @Override
        public String getHeader(String name) {
          return "Accept".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
          return "Accept".equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }
      }, response);
    }
  }
}
