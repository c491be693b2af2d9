package io.salesrank.api.resources;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A request's query string, read for the few parameters an endpoint asks for: {@code get(name)} is
 * the first value of {@code name}, as {@code ServletRequest.getParameter} answers for a GET, decoded
 * from {@code application/x-www-form-urlencoded} (UTF-8, {@code +} a space), or null when absent. A
 * name given without {@code =} has the value {@code ""}; malformed percent-encoding is a 400.
 *
 * <p>The servlet container's own parameter map decodes and copies every parameter into a multimap,
 * and looks at the request's content type for form parameters as well; the ranking endpoints read a
 * query of two or three short ASCII parameters on every request, so they scan it in place
 * (bench/RESULTS.md, api, eleventh session).
 */
final class Query {

  private final String query;

  private Query(String query) {
    this.query = query;
  }

  /** @param query the raw query string, without its {@code ?}; null: none */
  static Query of(String query) {
    return new Query(query == null ? "" : query);
  }

  String get(String name) {
    String q = query;
    int n = q.length();
    int start = 0;
    while (start <= n) {
      int end = q.indexOf('&', start);
      if (end < 0) {
        end = n;
      }
      int eq = q.indexOf('=', start);
      int nameEnd = eq >= 0 && eq < end ? eq : end;
      if (nameEnd > start && nameIs(q, start, nameEnd, name)) {
        return nameEnd == end ? "" : decode(q, nameEnd + 1, end);
      }
      start = end + 1;
    }
    return null;
  }

  /** True when {@code q[start, end)} decodes to {@code name}. */
  private static boolean nameIs(String q, int start, int end, String name) {
    if (end - start == name.length() && q.regionMatches(start, name, 0, name.length())) {
      return true;
    }
    for (int i = start; i < end; i++) {
      char c = q.charAt(i);
      if (c == '%' || c == '+') {
        return decode(q, start, end).equals(name);
      }
    }
    return false;
  }

  private static String decode(String q, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = q.charAt(i);
      if (c == '%' || c == '+') {
        try {
          return URLDecoder.decode(q.substring(start, end), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new Refusal(HttpServletResponse.SC_BAD_REQUEST, "the query string's percent-encoding is malformed");
        }
      }
    }
    return q.substring(start, end);
  }
}
