package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/products/{product_id}/history}: the product's place in each kept ranking, oldest first. */
@JsonPropertyOrder({"ranking", "product_id", "category_id", "points"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HistoryResponse(String ranking, String productId, String categoryId, List<HistoryPoint> points) {
}
