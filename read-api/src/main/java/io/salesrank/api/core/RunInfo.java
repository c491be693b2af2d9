package io.salesrank.api.core;

import java.time.Instant;

/**
 * The run a snapshot holds: its policy (that of every category not ranked over a fallback span) and
 * whether it ranked by a category tree, which decides whether categories are shown with parents.
 */
public record RunInfo(long runId, Instant asOf, Instant computedAt, RankingPolicy policy, boolean categoryTree) {
}
