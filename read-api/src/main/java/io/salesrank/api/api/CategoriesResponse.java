package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /api/v1/categories}. */
@JsonPropertyOrder({"as_of", "categories"})
public record CategoriesResponse(
    @JsonProperty("as_of") String asOf,
    @JsonProperty("categories") List<CategorySummary> categories) {
}
