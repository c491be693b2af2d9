package io.salesrank.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.db.RankingRefresher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What {@code /prometheus} on the admin port serves (docs/read-api.md): every Dropwizard metric
 * through Prometheus' bridge, the ranking's age and size, the failed refresh polls, and the ranking
 * servlet's {@code salesrank_api_request_duration_seconds} (registered by the servlet itself).
 */
final class PrometheusMetrics {

  /** The Dropwizard gauge the native {@code salesrank_ranking_age_seconds} replaces; bridged, the names would clash. */
  static final String DROPWIZARD_AGE = "salesrank.ranking.age-seconds";

  private PrometheusMetrics() {
  }

  /**
   * Registers the metrics on {@code registry}. Before the first ranking is loaded the two ranking
   * gauges have no sample at all (rather than a made-up 0 or -1 an alert would have to know about).
   */
  static void register(PrometheusRegistry registry, MetricRegistry dropwizard, RankingCache cache,
      RankingRefresher refresher, Clock clock) {
    DropwizardExports.builder()
        .dropwizardRegistry(dropwizard)
        .metricFilter((name, metric) -> !name.equals(DROPWIZARD_AGE))
        // A gauge that throws (a JVM attribute gone away) drops that gauge, not the whole scrape.
        .invalidMetricHandler((name, e) -> true)
        .register(registry);
    GaugeWithCallback.builder()
        .name("salesrank_ranking_age_seconds")
        .help("Seconds from the served ranking's as_of to now; absent before a ranking is loaded")
        .unit(Unit.SECONDS)
        .callback(cb -> cache.current().ifPresent(s ->
            cb.call(Duration.between(s.run().asOf(), clock.instant()).toMillis() / 1000.0)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("salesrank_ranking_rows")
        .help("Rows (all categories, overall included) of the served ranking; absent before a ranking is loaded")
        .callback(cb -> cache.current().ifPresent(s -> cb.call(rows(s))))
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
