package io.salesrank.api.core;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A product's place in the kept published rankings: what {@code /products/{id}/history} reads. */
public interface RankHistory {

  /** The product's place in one ranking; rank, total and score null when it was not in its stored list. */
  record Point(Instant asOf, Integer rank, Long totalSold, Double score) {
  }

  /**
   * The product's place in {@code categoryId} in every kept published ranking named {@code name} with an
   * as_of from {@code asOf} minus {@code hours} to {@code asOf}, oldest first, its ranks closed up
   * without {@code suppressed}.
   */
  List<Point> history(String name, String productId, String categoryId, Instant asOf, int hours,
      Set<String> suppressed) throws SQLException;
}
