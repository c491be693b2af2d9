package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One riser of {@code GET /api/v1/movers}; {@code previous_*} are null (written) for a new entry. */
@JsonPropertyOrder({"rank", "previous_rank", "rank_change", "product_id", "total_sold", "previous_total_sold"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MoverItem(
    @JsonProperty("rank") int rank,
    @JsonProperty("previous_rank") Integer previousRank,
    @JsonProperty("rank_change") int rankChange,
    @JsonProperty("product_id") String productId,
    @JsonProperty("total_sold") long totalSold,
    @JsonProperty("previous_total_sold") Long previousTotalSold) {
}
