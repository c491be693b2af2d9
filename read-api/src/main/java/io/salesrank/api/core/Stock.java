package io.salesrank.api.core;

import java.util.Map;

/**
 * The stock list as a replica holds it (docs/cli.md, {@code stock}): the list's version and
 * {@code in_stock} of each product of the current rankings the list names; a product it does not name
 * has unknown stock. Replaced whole when the list's version or the current runs change.
 */
public record Stock(long version, Map<String, Boolean> inStock) {

  /** No list loaded: every product's stock is unknown. */
  public static final Stock NONE = new Stock(-1, Map.of());

  public Stock {
    inStock = Map.copyOf(inStock);
  }

  /** This list as one ranking needs it: the entries of {@code products} alone. */
  public Stock forProducts(java.util.Set<String> products) {
    Map<String, Boolean> mine = new java.util.HashMap<>();
    for (String p : products) {
      Boolean b = inStock.get(p);
      if (b != null) {
        mine.put(p, b);
      }
    }
    return new Stock(version, mine);
  }

  /** {@code true}, {@code false}, or null when the list does not name {@code productId}. */
  public Boolean of(String productId) {
    return inStock.get(productId);
  }

  /** Whether the list says {@code productId} is out of stock. */
  public boolean out(String productId) {
    return Boolean.FALSE.equals(inStock.get(productId));
  }
}
