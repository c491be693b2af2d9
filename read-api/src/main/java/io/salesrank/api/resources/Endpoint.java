package io.salesrank.api.resources;

import java.util.Arrays;
import java.util.List;

/**
 * The routes of {@code /api/v1/} (docs/read-api.md): what a request path asks for. The one table the
 * servlet routes by, the request metrics are labelled by (the path template, never a raw path) and
 * {@code serve --help} lists.
 */
public enum Endpoint {
  POPULAR("/api/v1/popular", "?category_id=C&limit=N&offset=M&stock=S  the current top list (no category: overall)"),
  MOVERS("/api/v1/movers", "?category_id=C&hours=H&limit=N&offset=M&stock=S  the products that rose most"),
  RANKS("/api/v1/products/{product_id}/ranks", "  every list the product is in"),
  HISTORY("/api/v1/products/{product_id}/history", "?category_id=C&hours=H  its place in each kept ranking"),
  CATEGORIES("/api/v1/categories", "  the categories with a current ranking"),
  RANKINGS("/api/v1/rankings", "  the names with a current ranking"),
  OTHER("other", "");

  private static final String PRODUCTS = "/products/";
  private static final String RANKS_SUFFIX = "/ranks";
  private static final String HISTORY_SUFFIX = "/history";

  /** The path template: the metrics' {@code endpoint} label. */
  public final String label;
  private final String summary;

  Endpoint(String label, String summary) {
    this.label = label;
    this.summary = summary;
  }

  /** What {@code path} (the part after {@code /api/v1}) asks for. */
  public static Endpoint of(String path) {
    if (path == null) {
      return OTHER;
    }
    if (path.equals("/popular")) {
      return POPULAR;
    }
    if (path.equals("/movers")) {
      return MOVERS;
    }
    if (isProductPath(path, RANKS_SUFFIX)) {
      return RANKS;
    }
    if (isProductPath(path, HISTORY_SUFFIX)) {
      return HISTORY;
    }
    if (path.equals("/rankings")) {
      return RANKINGS;
    }
    return path.equals("/categories") ? CATEGORIES : OTHER;
  }

  /** The {@code product_id} of a {@link #RANKS} or {@link #HISTORY} path, unchecked. */
  String productOf(String path) {
    String suffix = this == RANKS ? RANKS_SUFFIX : HISTORY_SUFFIX;
    return path.substring(PRODUCTS.length(), path.length() - suffix.length());
  }

  private static boolean isProductPath(String path, String suffix) {
    return path.startsWith(PRODUCTS) && path.endsWith(suffix) && path.length() > PRODUCTS.length() + suffix.length();
  }

  /** Each route as {@code serve --help} lists it: {@code GET template?parameters  what it answers}. */
  public static List<String> help() {
    return Arrays.stream(values()).filter(e -> e != OTHER).map(e -> "GET " + e.label + e.summary).toList();
  }
}
