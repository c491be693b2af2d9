package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /api/v1/products/{product_id}/ranks}. */
@JsonPropertyOrder({"product_id", "as_of", "ranks"})
public record ProductRanksResponse(
    @JsonProperty("product_id") String productId,
    @JsonProperty("as_of") String asOf,
    @JsonProperty("ranks") List<ProductRank> ranks) {
}
