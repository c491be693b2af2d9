package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One ranked product of {@code GET /api/v1/popular}; {@code previous_rank} is its rank in the comparison
 * ranking, null (always written) when it was not in that ranking's list or there is none.
 */
@JsonPropertyOrder({"rank", "product_id", "total_sold", "score", "previous_rank"})
public record PopularItem(
    @JsonProperty("rank") int rank,
    @JsonProperty("product_id") String productId,
    @JsonProperty("total_sold") long totalSold,
    @JsonProperty("score") double score,
    @JsonProperty("previous_rank") @JsonInclude(JsonInclude.Include.ALWAYS) Integer previousRank) {
}
