package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A product's place in one ranking (a category, or {@code *} overall). */
@JsonPropertyOrder({"category_id", "rank", "total_sold", "score"})
public record ProductRank(
    @JsonProperty("category_id") String categoryId,
    @JsonProperty("rank") int rank,
    @JsonProperty("total_sold") long totalSold,
    @JsonProperty("score") double score) {
}
