package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /api/v1/products/{product_id}/history}: the product's place in each kept ranking, oldest first. */
@JsonPropertyOrder({"product_id", "category_id", "points"})
public record HistoryResponse(
    @JsonProperty("product_id") String productId,
    @JsonProperty("category_id") String categoryId,
    @JsonProperty("points") List<HistoryPoint> points) {
}
