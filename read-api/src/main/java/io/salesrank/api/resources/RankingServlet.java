package io.salesrank.api.resources;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.salesrank.api.api.ErrorResponse;
import io.salesrank.api.api.HistoryPoint;
import io.salesrank.api.api.HistoryResponse;
import io.salesrank.api.core.RankHistory;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.shared.Ids;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The API of CONTRACT section 4, under {@code /api/v1/}:
 * <ul>
 *   <li>{@code GET popular?category_id=C&limit=N&offset=M} (no category, or {@code *}: overall);
 *   <li>{@code GET movers?category_id=C&hours=H&limit=N&offset=M}, computed from the snapshot;
 *   <li>{@code GET products/{product_id}/ranks};
 *   <li>{@code GET products/{product_id}/history?category_id=C&hours=H}, read from the database into a
 *       bounded cache (503 with {@code Retry-After} while the database is unreachable);
 *   <li>{@code GET categories}.
 * </ul>
 * Every other answer is bytes prerendered with the snapshot, with {@code ETag "r<run>"} (plus a hash of
 * its comparisons and suppression list),
 * {@code Last-Modified} (the run's computed_at) and {@code Cache-Control: public, max-age}; 304
 * when the client holds them; 400, 404, 405 and 503 (with {@code Retry-After}) carry
 * {@code {"code", "message"}}. Each endpoint has a request timer,
 * {@code io.salesrank.api.resources.RankingServlet.popular} ({@code .movers}, {@code .ranks},
 * {@code .history}, {@code .categories},
 * and {@code .other} for paths that are none of them), and the Prometheus histogram
 * {@code salesrank_api_request_duration_seconds} counts and times requests by {@code endpoint} (the
 * path template, or {@code other}: never a raw path, whose ids would make a series each) and
 * {@code status}.
 *
 * <p>A plain servlet rather than Jersey resources: an answer is a lookup and a copy, and Jersey's
 * per-request machinery (routing, parameter injection, filters, entity writers) cost several
 * times that. The servlet container maps {@code /api/v1/*} here ahead of Jersey's {@code /*}.
 */
public final class RankingServlet extends HttpServlet {

  public static final String PATH = "/api/v1/*";
  public static final int MAX_LIMIT = 100;
  public static final int DEFAULT_LIMIT = 10;
  private static final int MAX_OFFSET = 1_000_000;
  private static final String PRODUCTS = "/products/";
  private static final String RANKS = "/ranks";
  private static final String HISTORY = "/history";
  private static final int MAX_HISTORY_ENTRIES = 10_000;
  private static final String JSON_TYPE = "application/json";

  /** The Prometheus histogram's name; its labels are {@code endpoint} and {@code status}. */
  public static final String REQUESTS = "salesrank_api_request_duration_seconds";
  /** Its buckets: snapshot answers take well under a millisecond, history reads the database. */
  private static final double[] BUCKETS = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  /** Statuses below this have their histogram child cached per endpoint; any other is looked up. */
  private static final int STATUSES = 600;

  /** What a request path asks for; each has a request timer named after it, and a label. */
  private enum Endpoint {
    POPULAR("/api/v1/popular"), MOVERS("/api/v1/movers"), RANKS("/api/v1/products/{product_id}/ranks"),
    HISTORY("/api/v1/products/{product_id}/history"), CATEGORIES("/api/v1/categories"), OTHER("other");

    final String label;

    Endpoint(String label) {
      this.label = label;
    }
  }

  private final transient ObjectMapper json;
  private final transient AtomicReference<RenderedRanking> current = new AtomicReference<>();
  private final transient Map<Endpoint, Timer> timers = new EnumMap<>(Endpoint.class);
  private final transient Histogram requests;
  /**
   * The histogram's children by endpoint and status, bound on first use: a request then neither
   * builds a label array nor looks one up. A race binds the same child twice, harmlessly.
   */
  private final transient DistributionDataPoint[][] children =
      new DistributionDataPoint[Endpoint.values().length][STATUSES];
  private final transient RankHistory history;
  /** History answers by ETag and request, the least recently used dropped past the bound. */
  private final transient Map<String, byte[]> historyCache = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
          return size() > MAX_HISTORY_ENTRIES;
        }
      });
  private final String cacheControl;
  private final int retryAfterSeconds;

  /** A servlet without a database: {@code /history} answers 503. */
  public RankingServlet(ObjectMapper json, MetricRegistry metrics, int maxAgeSeconds, int retryAfterSeconds) {
    this(json, metrics, maxAgeSeconds, retryAfterSeconds, (product, category, asOf, hours, suppressed) -> {
      throw new SQLException("no database");
    });
  }

  /** A servlet whose Prometheus histogram is registered nowhere. */
  public RankingServlet(ObjectMapper json, MetricRegistry metrics, int maxAgeSeconds, int retryAfterSeconds,
      RankHistory history) {
    this(json, metrics, null, maxAgeSeconds, retryAfterSeconds, history);
  }

  /** @param prometheus where {@link #REQUESTS} is registered; null: nowhere */
  public RankingServlet(ObjectMapper json, MetricRegistry metrics, PrometheusRegistry prometheus, int maxAgeSeconds,
      int retryAfterSeconds, RankHistory history) {
    this.json = json;
    this.history = history;
    this.cacheControl = "public, max-age=" + maxAgeSeconds;
    this.retryAfterSeconds = retryAfterSeconds;
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

  /**
   * Renders {@code snapshot} and answers from it from now on; a request in flight finishes with the
   * run it started with.
   */
  public void show(RankingSnapshot snapshot) {
    current.set(RenderedRanking.of(snapshot, json));
  }

  /** A refusal with its status; rendered as {@code {"code", "message"}}. */
  private static final class Refusal extends RuntimeException {
    private final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long start = System.nanoTime();
    String path = request.getPathInfo();
    Endpoint endpoint = endpoint(path);
    try {
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.setHeader("Allow", "GET, HEAD");
        throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET and HEAD are allowed");
      }
      answer(endpoint, path, request, response, method.equals("HEAD"));
    } catch (Refusal r) {
      error(response, r.status, r.getMessage());
    } finally {
      long nanos = System.nanoTime() - start;
      timers.get(endpoint).update(nanos, TimeUnit.NANOSECONDS);
      child(endpoint, response.getStatus()).observe(nanos / 1e9);
    }
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

  private static Endpoint endpoint(String path) {
    if (path == null) {
      return Endpoint.OTHER;
    }
    if (path.equals("/popular")) {
      return Endpoint.POPULAR;
    }
    if (path.equals("/movers")) {
      return Endpoint.MOVERS;
    }
    if (path.startsWith(PRODUCTS) && path.endsWith(RANKS) && path.length() > PRODUCTS.length() + RANKS.length()) {
      return Endpoint.RANKS;
    }
    if (path.startsWith(PRODUCTS) && path.endsWith(HISTORY)
        && path.length() > PRODUCTS.length() + HISTORY.length()) {
      return Endpoint.HISTORY;
    }
    return path.equals("/categories") ? Endpoint.CATEGORIES : Endpoint.OTHER;
  }

  private void answer(Endpoint endpoint, String path, HttpServletRequest request, HttpServletResponse response,
      boolean head) throws IOException {
    byte[] body = switch (endpoint) {
      case POPULAR -> popular(request, response);
      case MOVERS -> movers(request, response);
      case RANKS -> productRanks(path, request, response);
      case HISTORY -> history(path, request, response);
      case CATEGORIES -> categories(request, response);
      case OTHER -> throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no such resource: " + request.getRequestURI());
    };
    if (body == null) {
      return;  // 304
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(JSON_TYPE);
    response.setContentLength(body.length);
    if (!head) {
      response.getOutputStream().write(body);
    }
  }

  /*
   * Each endpoint below answers in this order: its parameters (a bad request is a 400 whether or
   * not a ranking is published), then 503 before the first publish, then 404 when the ranking has
   * no such category or product, and only then the client's validators (a 304 stands for a 200).
   * Each returns the body of the 200, or null after setting a 304.
   */

  private byte[] popular(HttpServletRequest request, HttpServletResponse response) {
    String category = category(request);
    int limit = integer("limit", request.getParameter("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = integer("offset", request.getParameter("offset"), 0, 0, MAX_OFFSET);
    RenderedRanking ranking = current(response);
    RenderedRanking.Category ranked = ranking.category(category);
    if (ranked == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no current ranking for category " + category);
    }
    return notModified(request, response, ranking) ? null : ranked.page(limit, offset);
  }

  private byte[] movers(HttpServletRequest request, HttpServletResponse response) {
    String category = category(request);
    int hours = integer("hours", request.getParameter("hours"), RankingSnapshot.PREVIOUS_RANK_HOURS, 1,
        RankingSnapshot.MAX_HOURS);
    int limit = integer("limit", request.getParameter("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = integer("offset", request.getParameter("offset"), 0, 0, MAX_OFFSET);
    RenderedRanking ranking = current(response);
    if (ranking.category(category) == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no current ranking for category " + category);
    }
    return notModified(request, response, ranking) ? null : ranking.movers(category, hours, limit, offset);
  }

  private byte[] history(String path, HttpServletRequest request, HttpServletResponse response) {
    String product = id("product_id", path.substring(PRODUCTS.length(), path.length() - HISTORY.length()));
    String category = category(request);
    int hours = integer("hours", request.getParameter("hours"), RankingSnapshot.MAX_HOURS, 1,
        RankingSnapshot.MAX_HOURS);
    RenderedRanking ranking = current(response);
    String key = ranking.etag() + ' ' + product + ' ' + category + ' ' + hours;
    byte[] body = historyCache.get(key);
    if (body == null) {
      body = readHistory(ranking.snapshot(), product, category, hours, response);
      historyCache.put(key, body);
    }
    return notModified(request, response, ranking) ? null : body;
  }

  private byte[] readHistory(RankingSnapshot snapshot, String product, String category, int hours,
      HttpServletResponse response) {
    List<RankHistory.Point> points;
    if (snapshot.suppressed().contains(product)) {
      points = List.of();
    } else {
      try {
        points = history.history(product, category, snapshot.run().asOf(), hours, snapshot.suppressed());
      } catch (SQLException e) {
        response.setIntHeader("Retry-After", retryAfterSeconds);
        throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE,
            "the database is unreachable and the history is not cached; retry later");
      }
    }
    if (points.stream().allMatch(p -> p.rank() == null)) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND,
          "product " + product + " is in no kept ranking of category " + category + " in the last " + hours + " hours");
    }
    List<HistoryPoint> wire = new ArrayList<>(points.size());
    for (RankHistory.Point p : points) {
      wire.add(new HistoryPoint(RenderedRanking.instant(p.asOf()), p.rank(), p.totalSold(), p.score()));
    }
    try {
      return json.writeValueAsBytes(new HistoryResponse(product, category, wire));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code category_id}: omitted, or {@code *} as the ranking itself names it, is the overall ranking. */
  private static String category(HttpServletRequest request) {
    String categoryId = request.getParameter("category_id");
    return categoryId == null || categoryId.equals(Ids.OVERALL) ? Ids.OVERALL : id("category_id", categoryId);
  }

  private byte[] productRanks(String path, HttpServletRequest request, HttpServletResponse response) {
    String product = id("product_id", path.substring(PRODUCTS.length(), path.length() - RANKS.length()));
    RenderedRanking ranking = current(response);
    byte[] body = ranking.productRanks(product);
    if (body == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "product " + product + " is in no current ranking");
    }
    return notModified(request, response, ranking) ? null : body;
  }

  private byte[] categories(HttpServletRequest request, HttpServletResponse response) {
    RenderedRanking ranking = current(response);
    return notModified(request, response, ranking) ? null : ranking.categories();
  }

  private RenderedRanking current(HttpServletResponse response) {
    RenderedRanking ranking = current.get();
    if (ranking == null) {
      response.setIntHeader("Retry-After", retryAfterSeconds);
      throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no ranking has been published yet; retry later");
    }
    return ranking;
  }

  /**
   * Sets the validators and caching headers; true (and a 304) when the request's
   * {@code If-None-Match}, or without it its {@code If-Modified-Since}, says the client has them.
   */
  private boolean notModified(HttpServletRequest request, HttpServletResponse response, RenderedRanking ranking) {
    String etag = ranking.etag();
    long lastModified = ranking.lastModified();
    response.setHeader("ETag", etag);
    response.setDateHeader("Last-Modified", lastModified);
    response.setHeader("Cache-Control", cacheControl);
    String ifNoneMatch = request.getHeader("If-None-Match");
    boolean notModified;
    if (ifNoneMatch != null) {
      notModified = matches(ifNoneMatch, etag);
    } else {
      long since;
      try {
        since = request.getDateHeader("If-Modified-Since");
      } catch (IllegalArgumentException e) {
        since = -1;  // an unreadable date is ignored (RFC 9110 section 13.1.3)
      }
      notModified = since >= 0 && lastModified <= since;
    }
    if (notModified) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
    }
    return notModified;
  }

  /** RFC 9110 weak comparison of an {@code If-None-Match} list (or {@code *}) with {@code etag}. */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.equals("*") || t.equals(etag) || (t.startsWith("W/") && t.substring(2).equals(etag))) {
        return true;
      }
    }
    return false;
  }

  private static String id(String name, String value) {
    if (!Ids.isId(value)) {
      throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, name + " must match " + Ids.PATTERN);
    }
    return value;
  }

  private static int integer(String name, String value, int defaultValue, int min, int max) {
    if (value == null) {
      return defaultValue;
    }
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, name + " must be an integer from " + min + " to " + max);
  }

  private void error(HttpServletResponse response, int status, String message) throws IOException {
    // A refusal is not the ranking: no validators, nothing for a cache to keep.
    response.setHeader("ETag", null);
    response.setHeader("Last-Modified", null);
    response.setHeader("Cache-Control", "no-store");
    byte[] body;
    try {
      body = json.writeValueAsBytes(new ErrorResponse(status, message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    response.setStatus(status);
    response.setContentType(JSON_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
