package io.salesrank.api.core;

import java.time.Instant;

import io.salesrank.api.api.Policy;

/** The run a snapshot holds. */
public record RunInfo(long runId, Instant asOf, Instant computedAt, Policy policy) {
}
