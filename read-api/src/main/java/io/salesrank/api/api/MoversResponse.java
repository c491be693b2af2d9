package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/movers}: the products of a category that rose most since {@code hours} earlier. */
@JsonPropertyOrder({"ranking", "category_id", "as_of", "compared_to", "hours", "items"})
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MoversResponse(String ranking, String categoryId, String asOf, String comparedTo, int hours,
    List<MoverItem> items) {
}
