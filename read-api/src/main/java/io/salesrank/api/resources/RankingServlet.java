package io.salesrank.api.resources;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.salesrank.api.api.ErrorResponse;
import io.salesrank.api.api.RankingSummary;
import io.salesrank.api.api.RankingsResponse;
import io.salesrank.api.core.RankHistory;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.shared.Ids;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The API of docs/read-api.md, under {@code /api/v1/} (the routes: {@link Endpoint}):
 * <ul>
 *   <li>{@code GET popular?category_id=C&limit=N&offset=M} (no category, or {@code *}: overall);
 *   <li>{@code GET movers?category_id=C&hours=H&limit=N&offset=M}, computed from the snapshot;
 *   <li>{@code GET products/{product_id}/ranks};
 *   <li>{@code GET products/{product_id}/history?category_id=C&hours=H}, read from the database into a
 *       bounded cache (503 with {@code Retry-After} while the database is unreachable);
 *   <li>{@code GET categories};
 *   <li>{@code GET rankings}: the names with a current ranking.
 * </ul>
 * Every endpoint but {@code rankings} takes {@code ranking=NAME} (default {@code default}): 404 for a
 * name without a current ranking; {@code popular} and {@code movers} take {@code stock=show|last|hide}.
 * Every other answer is bytes prerendered with the snapshot, with {@code ETag "r<run>"} (plus a hash of
 * its comparisons and suppression list),
 * {@code Last-Modified} (the run's computed_at) and {@code Cache-Control: public, max-age}; 304
 * when the client holds them; 400, 404, 405 and 503 (with {@code Retry-After}) carry
 * {@code {"code", "message"}}. Each request is timed by {@link RequestMetrics}.
 *
 * <p>A plain servlet rather than Jersey resources: an answer is a lookup and a copy, and Jersey's
 * per-request machinery (routing, parameter injection, filters, entity writers) cost several
 * times that. The servlet container maps {@code /api/v1/*} here ahead of Jersey's {@code /*}.
 */
public final class RankingServlet extends HttpServlet {

  public static final String PATH = "/api/v1/*";
  public static final int MAX_LIMIT = 100;
  public static final int DEFAULT_LIMIT = 10;
  static final int MAX_OFFSET = 1_000_000;
  private static final String JSON_TYPE = "application/json";

  /** The Prometheus histogram of {@link RequestMetrics}; its labels are {@code endpoint} and {@code status}. */
  public static final String REQUESTS = RequestMetrics.REQUESTS;

  private final transient ObjectMapper json;
  /** Every name's ranking, rendered, and the answer of {@code /rankings}; empty before the first publish. */
  private final transient AtomicReference<Served> current = new AtomicReference<>(Served.NONE);
  private final transient RequestMetrics metrics;
  private final transient HistoryAnswers history;
  private final String cacheControl;
  private final int retryAfterSeconds;

  /** A servlet without a database: {@code /history} answers 503. */
  public RankingServlet(ObjectMapper json, MetricRegistry metrics, int maxAgeSeconds, int retryAfterSeconds) {
    this(json, metrics, maxAgeSeconds, retryAfterSeconds, (name, product, category, asOf, hours, suppressed) -> {
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
    this.history = new HistoryAnswers(json, history, retryAfterSeconds);
    this.cacheControl = "public, max-age=" + maxAgeSeconds;
    this.retryAfterSeconds = retryAfterSeconds;
    this.metrics = new RequestMetrics(metrics, prometheus);
  }

  /** What the servlet answers from: each name's ranking, rendered, and {@code /rankings}' answer and ETag. */
  record Served(SortedMap<String, RenderedRanking> rankings, byte[] rankingsJson, String rankingsEtag) {
    static final Served NONE = new Served(Collections.emptySortedMap(), null, null);
  }

  /**
   * Renders the snapshots of every name that are new (the others are kept as rendered) and answers
   * from them from now on; a request in flight finishes with the runs it started with.
   */
  public void show(SortedMap<String, RankingSnapshot> snapshots) {
    SortedMap<String, RenderedRanking> was = current.get().rankings();
    SortedMap<String, RenderedRanking> rendered = new TreeMap<>();
    List<RankingSummary> summaries = new ArrayList<>();
    long hash = 17;
    for (Map.Entry<String, RankingSnapshot> e : snapshots.entrySet()) {
      RenderedRanking kept = was.get(e.getKey());
      RenderedRanking r = kept != null && kept.snapshot() == e.getValue() ? kept : RenderedRanking.of(e.getValue(), json);
      rendered.put(e.getKey(), r);
      RankingSnapshot s = r.snapshot();
      summaries.add(new RankingSummary(e.getKey(), RenderedRanking.instant(s.run().asOf()),
          RenderedRanking.instant(s.run().computedAt()), RenderedRanking.policy(s.policyOf(Ids.OVERALL)),
          s.byCategory().size()));
      hash = hash * 31 + r.etag().hashCode();
    }
    try {
      current.set(new Served(Collections.unmodifiableSortedMap(rendered),
          json.writeValueAsBytes(new RankingsResponse(summaries)), "\"n" + Long.toHexString(hash) + "\""));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the list of rankings", e);
    }
  }

  /** Shows {@code snapshot} as the one ranking, named as its run is. */
  public void show(RankingSnapshot snapshot) {
    show(new TreeMap<>(Map.of(snapshot.run().name(), snapshot)));
  }

  /** The ranking named {@code name} as answered from now, rendered; null when there is none. */
  RenderedRanking rendered(String name) {
    return current.get().rankings().get(name);
  }

  /** Every name's ranking as answered from now, rendered, by name; empty before the first publish. */
  SortedMap<String, RenderedRanking> rendered() {
    return current.get().rankings();
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    long start = System.nanoTime();
    String path = request.getPathInfo();
    Endpoint endpoint = Endpoint.of(path);
    try {
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.setHeader("Allow", "GET, HEAD");
        throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET and HEAD are allowed");
      }
      answer(endpoint, path, Query.of(request.getQueryString()), request, response, method.equals("HEAD"));
    } catch (Refusal r) {
      error(response, r.status, r.getMessage());
    } finally {
      metrics.record(endpoint, response.getStatus(), System.nanoTime() - start);
    }
  }

  private void answer(Endpoint endpoint, String path, Query query, HttpServletRequest request,
      HttpServletResponse response,
      boolean head) throws IOException {
    byte[] body = switch (endpoint) {
      case POPULAR -> popular(query, request, response);
      case MOVERS -> movers(query, request, response);
      case RANKS -> productRanks(path, query, request, response);
      case HISTORY -> history(path, query, request, response);
      case CATEGORIES -> categories(query, request, response);
      case RANKINGS -> rankings(request, response);
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

  private byte[] popular(Query query, HttpServletRequest request, HttpServletResponse response) {
    String name = name(query);
    String category = category(query);
    int limit = integer("limit", query.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = integer("offset", query.get("offset"), 0, 0, MAX_OFFSET);
    RenderedRanking.StockView view = stock(query);
    RenderedRanking ranking = current(name, response);
    RenderedRanking.Category ranked = ranking.category(category, view);
    if (ranked == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no current ranking for category " + category);
    }
    return notModified(request, response, ranking) ? null : ranked.page(limit, offset);
  }

  private byte[] movers(Query query, HttpServletRequest request, HttpServletResponse response) {
    String name = name(query);
    String category = category(query);
    int hours = integer("hours", query.get("hours"), RankingSnapshot.PREVIOUS_RANK_HOURS, 1,
        RankingSnapshot.MAX_HOURS);
    int limit = integer("limit", query.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = integer("offset", query.get("offset"), 0, 0, MAX_OFFSET);
    RenderedRanking.StockView view = stock(query);
    RenderedRanking ranking = current(name, response);
    if (ranking.category(category) == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no current ranking for category " + category);
    }
    return notModified(request, response, ranking) ? null : ranking.movers(category, hours, limit, offset, view);
  }

  private byte[] history(String path, Query query, HttpServletRequest request,
      HttpServletResponse response) {
    String name = name(query);
    String product = id("product_id", Endpoint.HISTORY.productOf(path));
    String category = category(query);
    int hours = integer("hours", query.get("hours"), RankingSnapshot.MAX_HOURS, 1,
        RankingSnapshot.MAX_HOURS);
    RenderedRanking ranking = current(name, response);
    byte[] body = history.answer(ranking, product, category, hours, response);
    return notModified(request, response, ranking) ? null : body;
  }

  /** {@code ranking}: omitted is the ranking named {@code default}. */
  private static String name(Query query) {
    String name = query.get("ranking");
    if (name == null) {
      return Ids.DEFAULT_RANKING;
    }
    if (!Ids.isRankingName(name)) {
      throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "ranking must match " + Ids.NAME_PATTERN);
    }
    return name;
  }

  /** {@code stock}: {@code show} (the default), {@code last} or {@code hide}. */
  private static RenderedRanking.StockView stock(Query query) {
    String stock = query.get("stock");
    if (stock == null) {
      return RenderedRanking.StockView.SHOW;
    }
    return switch (stock) {
      case "show" -> RenderedRanking.StockView.SHOW;
      case "last" -> RenderedRanking.StockView.LAST;
      case "hide" -> RenderedRanking.StockView.HIDE;
      default -> throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "stock must be show, last or hide");
    };
  }

  /** {@code category_id}: omitted, or {@code *} as the ranking itself names it, is the overall ranking. */
  private static String category(Query query) {
    String categoryId = query.get("category_id");
    return categoryId == null || categoryId.equals(Ids.OVERALL) ? Ids.OVERALL : id("category_id", categoryId);
  }

  private byte[] productRanks(String path, Query query, HttpServletRequest request,
      HttpServletResponse response) {
    String name = name(query);
    String product = id("product_id", Endpoint.RANKS.productOf(path));
    RenderedRanking ranking = current(name, response);
    byte[] body = ranking.productRanks(product);
    if (body == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "product " + product + " is in no current ranking");
    }
    return notModified(request, response, ranking) ? null : body;
  }

  private byte[] categories(Query query, HttpServletRequest request, HttpServletResponse response) {
    RenderedRanking ranking = current(name(query), response);
    return notModified(request, response, ranking) ? null : ranking.categories();
  }

  private byte[] rankings(HttpServletRequest request, HttpServletResponse response) {
    Served served = current.get();
    if (served.rankings().isEmpty()) {
      response.setIntHeader("Retry-After", retryAfterSeconds);
      throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no ranking has been published yet; retry later");
    }
    long lastModified = served.rankings().values().stream().mapToLong(RenderedRanking::lastModified).max().orElse(0);
    return notModified(request, response, served.rankingsEtag(), lastModified, RenderedRanking.httpDate(lastModified))
        ? null : served.rankingsJson();
  }

  /** The ranking named {@code name}: 503 before anything is published, 404 when that name has none. */
  private RenderedRanking current(String name, HttpServletResponse response) {
    SortedMap<String, RenderedRanking> rankings = current.get().rankings();
    if (rankings.isEmpty()) {
      response.setIntHeader("Retry-After", retryAfterSeconds);
      throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no ranking has been published yet; retry later");
    }
    RenderedRanking ranking = rankings.get(name);
    if (ranking == null) {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no current ranking named " + name
          + "; GET /api/v1/rankings lists the names");
    }
    return ranking;
  }

  private boolean notModified(HttpServletRequest request, HttpServletResponse response, RenderedRanking ranking) {
    return notModified(request, response, ranking.etag(), ranking.lastModified(), ranking.lastModifiedHeader());
  }

  /**
   * Sets the validators and caching headers; true (and a 304) when the request's
   * {@code If-None-Match}, or without it its {@code If-Modified-Since}, says the client has them.
   */
  private boolean notModified(HttpServletRequest request, HttpServletResponse response, String etag,
      long lastModified, String lastModifiedHeader) {
    response.setHeader("ETag", etag);
    response.setHeader("Last-Modified", lastModifiedHeader);
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
