package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A category that has a current ranking, and how many products it ranks. */
@JsonPropertyOrder({"category_id", "products"})
public record CategorySummary(@JsonProperty("category_id") String categoryId, @JsonProperty("products") int products) {
}
