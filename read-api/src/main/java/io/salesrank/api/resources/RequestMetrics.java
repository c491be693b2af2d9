package io.salesrank.api.resources;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Each request's time, by endpoint: a Dropwizard timer per {@link Endpoint}
 * ({@code io.salesrank.api.resources.RankingServlet.popular}, ... {@code .other}), and the Prometheus
 * histogram {@link #REQUESTS} by {@code endpoint} (the path template) and {@code status}.
 */
final class RequestMetrics {

  /** The Prometheus histogram's name; its labels are {@code endpoint} and {@code status}. */
  static final String REQUESTS = "salesrank_api_request_duration_seconds";
  /** Its buckets: snapshot answers take well under a millisecond, history reads the database. */
  private static final double[] BUCKETS = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  /** Statuses below this have their histogram child cached per endpoint; any other is looked up. */
  private static final int STATUSES = 600;

  private final Map<Endpoint, Timer> timers = new EnumMap<>(Endpoint.class);
  private final Histogram requests;
  /**
   * The histogram's children by endpoint and status, bound on first use: a request then neither
   * builds a label array nor looks one up. A race binds the same child twice, harmlessly.
   */
  private final DistributionDataPoint[][] children = new DistributionDataPoint[Endpoint.values().length][STATUSES];

  /** @param prometheus where {@link #REQUESTS} is registered; null: nowhere */
  RequestMetrics(MetricRegistry metrics, PrometheusRegistry prometheus) {
    for (Endpoint endpoint : Endpoint.values()) {
      // Thousands of updates a second from every request thread: the lock-free reservoir does not
      // make them queue on one lock as the default one does.
      String name = MetricRegistry.name(RankingServlet.class, endpoint.name().toLowerCase(Locale.ROOT));
      timers.put(endpoint,
          metrics.timer(name, () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build())));
    }
    Histogram.Builder builder = Histogram.builder()
        .name(REQUESTS)
        .help("Requests to /api/v1/ and their latency, by endpoint (path template) and status")
        .unit(Unit.SECONDS)
        .labelNames("endpoint", "status")
        .classicOnly()
        .classicUpperBounds(BUCKETS)
        .withoutExemplars();
    requests = prometheus == null ? builder.build() : builder.register(prometheus);
  }

  void record(Endpoint endpoint, int status, long nanos) {
    timers.get(endpoint).update(nanos, TimeUnit.NANOSECONDS);
    child(endpoint, status).observe(nanos / 1e9);
  }

  private DistributionDataPoint child(Endpoint endpoint, int status) {
    if (status < 0 || status >= STATUSES) {
      return requests.labelValues(endpoint.label, Integer.toString(status));
    }
    DistributionDataPoint[] byStatus = children[endpoint.ordinal()];
    DistributionDataPoint child = byStatus[status];
    if (child == null) {
      child = requests.labelValues(endpoint.label, Integer.toString(status));
      byStatus[status] = child;
    }
    return child;
  }
}
