package io.salesrank.api.resources;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.salesrank.mr.fuzz.FuzzTarget;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.RunInfo;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Fuzzing of the read API's paths, query parameters and validators, in process: {@link RankingServlet}'s
 * {@code service} called with generated requests (no HTTP, no Jetty). Properties: no exception escapes;
 * the status is one docs/read-api.md gives (200, 304, 400, 404, 405, 503); every body is JSON, and a
 * refusal's is {@code {"code": status, "message": ...}} with a non-empty message. Run by
 * {@link RankingServletFuzzTest} (a few thousand) and {@code ApiFuzzBench} (bench/bench.sh fuzz, millions).
 */
public final class RankingServletFuzz implements FuzzTarget<RankingServletFuzz.Request> {

  private static final ObjectMapper JSON = Jackson.newObjectMapper();
  private static final RankingServlet SERVLET = new RankingServlet(JSON, new MetricRegistry(), 60, 5);
  private static final RankingServlet EMPTY = new RankingServlet(JSON, new MetricRegistry(), 60, 5);
  private static final Set<Integer> STATUSES = Set.of(200, 304, 400, 404, 405, 503);
  private static final String[] VALUES = {
      "", "*", "c1", "p1", "0", "1", "-1", "100", "101", "1000000", "1000001", "2147483648", "+5", " 5", "1e3",
      "\u0661", "%00", "a b", "p".repeat(65), "p".repeat(64), "\u00e9", "\"", "\\", "\n", "NaN", "0x10", "168", "8760",
  };

  static {
    List<RankingRow> rows = new ArrayList<>();
    for (int r = 1; r <= 30; r++) {
      rows.add(new RankingRow("*", r, "p" + r, 1000 - r, 1000.0 - r));
    }
    rows.add(new RankingRow("c1", 1, "p2", 50, 50.0));
    SERVLET.show(RankingSnapshot.of(new RunInfo(42, Instant.parse("2026-11-22T14:00:00Z"),
        Instant.parse("2026-11-22T14:06:12Z"), new RankingPolicy("window", 168, null, null, "units", false), false),
        rows, Map.of()));
  }

  /** One request. */
  public record Request(boolean published, String method, String path, Map<String, String> parameters,
      boolean encoded, String ifNoneMatch, String ifModifiedSince) {

    /** The parameters as a query string: percent-encoded, or as they are (then some are malformed). */
    String query() {
      StringBuilder q = new StringBuilder();
      for (Map.Entry<String, String> p : parameters.entrySet()) {
        q.append(q.isEmpty() ? "" : "&").append(p.getKey()).append('=')
            .append(encoded ? URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8) : p.getValue());
      }
      return q.isEmpty() ? null : q.toString();
    }
  }

  @Override
  public String name() {
    return "api-request";
  }

  @Override
  public String show(Request r) {
    return FuzzTarget.escape(r.toString(), 400);
  }

  @Override
  public Arbitrary<Request> inputs() {
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> path = Arbitraries.oneOf(
        Arbitraries.of("/popular", "/movers", "/categories", "/products/p1/ranks", "/products/p1/history",
            "/products//ranks", "/products/ranks", "/products/history", "/products/*/ranks", "/", "", "/popular/",
            "/products/p1/ranks/history", "/products/%2F/history", "/POPULAR"),
        Combinators.combine(Arbitraries.of("/products/", "/popular", "/"), value, Arbitraries.of("/ranks", "/history", ""))
            .as((a, b, c) -> a + b + c),
        Arbitraries.of((String) null));
    Arbitrary<Map<String, String>> parameters = Arbitraries.maps(
        Arbitraries.of("category_id", "limit", "offset", "hours", "other"), value).ofMaxSize(4);
    Arbitrary<String> etag = Arbitraries.oneOf(Arbitraries.of("*", "W/*", "\"x\"", ",", "", " , ,", "W/"),
        Arbitraries.strings().ofMaxLength(20), Arbitraries.of((String) null));
    Arbitrary<String> date = Arbitraries.of(null, "Sun, 22 Nov 2026 14:06:12 GMT", "garbage", "");
    return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.of("GET", "HEAD", "POST", "get"),
        path, parameters, Arbitraries.of(true, true, false), etag, date).as(Request::new);
  }

  @Override
  public void check(Request r) throws Exception {
    int[] status = {200};
    Map<String, String> headers = new HashMap<>();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ServletOutputStream out = new ServletOutputStream() {
      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {
      }

      @Override
      public void write(int b) {
        body.write(b);
      }
    };
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getPathInfo" -> r.path();
          case "getMethod" -> r.method();
          case "getRequestURI" -> "/api/v1" + (r.path() == null ? "" : r.path());
          case "getQueryString" -> r.query();
          case "getHeader" -> "If-None-Match".equals(args[0]) ? r.ifNoneMatch()
              : "If-Modified-Since".equals(args[0]) ? r.ifModifiedSince() : null;
          case "getDateHeader" -> {
            String d = r.ifModifiedSince();
            if (d == null) {
              yield -1L;
            }
            try {
              yield java.time.ZonedDateTime.parse(d, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                  .toInstant().toEpochMilli();
            } catch (java.time.DateTimeException e) {
              throw new IllegalArgumentException(d);
            }
          }
          default -> throw new UnsupportedOperationException(method.getName());
        });
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "setStatus" -> status[0] = (Integer) args[0];
            case "getStatus" -> {
              return status[0];
            }
            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
            case "setIntHeader", "setDateHeader" -> headers.put((String) args[0], String.valueOf(args[1]));
            case "getOutputStream" -> {
              return out;
            }
            case "setContentType", "setContentLength" -> {
            }
            default -> throw new UnsupportedOperationException(method.getName());
          }
          return null;
        });
    (r.published() ? SERVLET : EMPTY).service(request, response);
    if (!STATUSES.contains(status[0])) {
      throw new AssertionError("status " + status[0]);
    }
    if (status[0] == 304 || (status[0] == 200 && r.method().equals("HEAD"))) {
      if (body.size() != 0) {
        throw new AssertionError("a body with " + status[0] + " or HEAD");
      }
      return;
    }
    JsonNode json = JSON.readTree(body.toByteArray());
    if (status[0] != 200 && (json.path("code").asInt() != status[0] || json.path("message").asText("").isEmpty())) {
      throw new AssertionError("refusal body " + json);
    }
  }
}
