package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One name of {@code GET /api/v1/rankings}: its current ranking's as_of, policy (the overall's) and categories. */
@JsonPropertyOrder({"name", "as_of", "computed_at", "policy", "categories"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RankingSummary(String name, String asOf, String computedAt, Policy policy, int categories) {
}
