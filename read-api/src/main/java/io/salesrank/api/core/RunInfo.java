package io.salesrank.api.core;

import java.time.Instant;

import io.salesrank.shared.Ids;

/**
 * The run a snapshot holds: the ranking it belongs to ({@code name}), its policy (that of every category
 * not ranked over a fallback span) and whether it ranked by a category tree, which decides whether
 * categories are shown with parents.
 */
public record RunInfo(long runId, Instant asOf, Instant computedAt, RankingPolicy policy, boolean categoryTree,
    String name) {

  /** A run of the ranking named {@code default}. */
  public RunInfo(long runId, Instant asOf, Instant computedAt, RankingPolicy policy, boolean categoryTree) {
    this(runId, asOf, computedAt, policy, categoryTree, Ids.DEFAULT_RANKING);
  }
}
