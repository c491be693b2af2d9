package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One ranked product of {@code GET /api/v1/popular}; {@code previous_rank} is its rank in the comparison
 * ranking, null (always written) when it was not in that ranking's list or there is none.
 */
@JsonPropertyOrder({"rank", "product_id", "total_sold", "score", "previous_rank", "in_stock", "demand"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PopularItem(int rank, String productId, long totalSold, double score,
    @JsonInclude(JsonInclude.Include.ALWAYS) Integer previousRank,
    @JsonInclude(JsonInclude.Include.ALWAYS) Boolean inStock, String demand) {
}
