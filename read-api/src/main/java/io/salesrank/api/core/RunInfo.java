package io.salesrank.api.core;

import java.time.Instant;

/** The run a snapshot holds. */
public record RunInfo(long runId, Instant asOf, Instant computedAt, RankingPolicy policy) {
}
