package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /api/v1/popular}: a page of one category's current ranking. */
@JsonPropertyOrder({"category_id", "as_of", "computed_at", "policy", "items"})
public record PopularResponse(
    @JsonProperty("category_id") String categoryId,
    @JsonProperty("as_of") String asOf,
    @JsonProperty("computed_at") String computedAt,
    @JsonProperty("policy") Policy policy,
    @JsonProperty("items") List<PopularItem> items) {
}
