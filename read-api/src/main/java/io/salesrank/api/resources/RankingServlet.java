package io.salesrank.api.resources;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.ErrorResponse;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The API of CONTRACT section 4, under {@code /api/v1/}:
 * <ul>
 *   <li>{@code GET popular?category_id=C&limit=N&offset=M} (no category, or {@code *}: overall);
 *   <li>{@code GET products/{product_id}/ranks};
 *   <li>{@code GET categories}.
 * </ul>
 * Every answer is bytes prerendered with the snapshot, with {@code ETag "r<run>"},
 * {@code Last-Modified} (the run's computed_at) and {@code Cache-Control: public, max-age}; 304
 * when the client holds them; 400, 404, 405 and 503 (with {@code Retry-After}) carry
 * {@code {"code", "message"}}.
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
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final String PRODUCTS = "/products/";
  private static final String RANKS = "/ranks";
  private static final String JSON_TYPE = "application/json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final transient RankingCache cache;
  private final String cacheControl;
  private final int retryAfterSeconds;

  public RankingServlet(RankingCache cache, int maxAgeSeconds, int retryAfterSeconds) {
    this.cache = cache;
    this.cacheControl = "public, max-age=" + maxAgeSeconds;
    this.retryAfterSeconds = retryAfterSeconds;
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
    try {
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.setHeader("Allow", "GET, HEAD");
        throw new Refusal(HttpServletResponse.SC_METHOD_NOT_ALLOWED, "only GET and HEAD are allowed");
      }
      answer(request, response, method.equals("HEAD"));
    } catch (Refusal r) {
      error(response, r.status, r.getMessage());
    }
  }

  private void answer(HttpServletRequest request, HttpServletResponse response, boolean head) throws IOException {
    String path = request.getPathInfo();
    if (path == null) {
      path = "";
    }
    // Parameters are checked first: a bad request is a 400 whether or not a ranking is published.
    Function<RankingSnapshot, Optional<byte[]>> body;
    String notFound;
    if (path.equals("/popular")) {
      String categoryId = request.getParameter("category_id");
      // Omitted, or '*' as the ranking itself names it: the overall ranking.
      String category = categoryId == null || categoryId.equals(RankingSnapshot.OVERALL)
          ? RankingSnapshot.OVERALL : id("category_id", categoryId);
      int limit = integer("limit", request.getParameter("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
      int offset = integer("offset", request.getParameter("offset"), 0, 0, MAX_OFFSET);
      body = s -> s.popular(category, limit, offset);
      notFound = "no current ranking for category " + category;
    } else if (path.startsWith(PRODUCTS) && path.endsWith(RANKS)
        && path.length() > PRODUCTS.length() + RANKS.length()) {
      String product = id("product_id", path.substring(PRODUCTS.length(), path.length() - RANKS.length()));
      body = s -> s.productRanks(product);
      notFound = "product " + product + " is in no current ranking";
    } else if (path.equals("/categories")) {
      body = s -> Optional.of(s.categories());
      notFound = "no categories";
    } else {
      throw new Refusal(HttpServletResponse.SC_NOT_FOUND, "no such resource: " + request.getRequestURI());
    }
    RankingSnapshot snapshot = snapshot(response);
    if (notModified(request, response, snapshot)) {
      return;
    }
    byte[] bytes = body.apply(snapshot).orElseThrow(() -> new Refusal(HttpServletResponse.SC_NOT_FOUND, notFound));
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(JSON_TYPE);
    response.setContentLength(bytes.length);
    if (!head) {
      response.getOutputStream().write(bytes);
    }
  }

  private RankingSnapshot snapshot(HttpServletResponse response) {
    RankingSnapshot snapshot = cache.current().orElse(null);
    if (snapshot == null) {
      response.setIntHeader("Retry-After", retryAfterSeconds);
      throw new Refusal(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "no ranking has been published yet; retry later");
    }
    return snapshot;
  }

  /**
   * Sets the validators and caching headers; true (and a 304) when the request's
   * {@code If-None-Match}, or without it its {@code If-Modified-Since}, says the client has them.
   */
  private boolean notModified(HttpServletRequest request, HttpServletResponse response, RankingSnapshot snapshot) {
    String etag = "\"r" + snapshot.run().runId() + "\"";
    Instant computedAt = snapshot.run().computedAt();
    long lastModified = computedAt.toEpochMilli() / 1000 * 1000;
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
    if (!ID.matcher(value).matches()) {
      throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, name + " must match [A-Za-z0-9_.:-]{1,64}");
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

  private static void error(HttpServletResponse response, int status, String message) throws IOException {
    // A refusal is not the ranking: no validators, nothing for a cache to keep.
    response.setHeader("ETag", null);
    response.setHeader("Last-Modified", null);
    response.setHeader("Cache-Control", "no-store");
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(new ErrorResponse(status, message));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    response.setStatus(status);
    response.setContentType(JSON_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
