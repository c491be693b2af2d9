package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One ranked product of {@code GET /api/v1/popular}. */
@JsonPropertyOrder({"rank", "product_id", "total_sold", "score"})
public record PopularItem(
    @JsonProperty("rank") int rank,
    @JsonProperty("product_id") String productId,
    @JsonProperty("total_sold") long totalSold,
    @JsonProperty("score") double score) {
}
