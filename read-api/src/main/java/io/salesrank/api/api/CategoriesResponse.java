package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/categories}. */
@JsonPropertyOrder({"ranking", "as_of", "categories"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CategoriesResponse(String ranking, String asOf, List<CategorySummary> categories) {
}
