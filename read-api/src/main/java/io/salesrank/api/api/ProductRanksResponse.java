package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/products/{product_id}/ranks}. */
@JsonPropertyOrder({"ranking", "product_id", "as_of", "ranks"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductRanksResponse(String ranking, String productId, String asOf, List<ProductRank> ranks) {
}
