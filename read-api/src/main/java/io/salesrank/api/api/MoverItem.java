package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** One riser of {@code GET /api/v1/movers}; {@code previous_*} are null (written) for a new entry. */
@JsonPropertyOrder({"rank", "previous_rank", "rank_change", "product_id", "total_sold", "previous_total_sold", "in_stock", "demand"})
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MoverItem(int rank, Integer previousRank, int rankChange, String productId, long totalSold,
    Long previousTotalSold, Boolean inStock, String demand) {
}
