package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A product's place in one ranking (a category, or {@code *} overall). */
@JsonPropertyOrder({"category_id", "rank", "total_sold", "score", "in_stock", "demand"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ProductRank(String categoryId, int rank, long totalSold, double score,
    @JsonInclude(JsonInclude.Include.ALWAYS) Boolean inStock, String demand) {
}
