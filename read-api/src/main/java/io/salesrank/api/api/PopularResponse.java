package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /api/v1/popular}: a page of one category's current ranking; {@code compared_to} is the
 * comparison ranking's as_of (null, always written, when none is kept). Items come last: the servlet
 * appends prerendered items to the rest.
 */
@JsonPropertyOrder({"ranking", "category_id", "as_of", "computed_at", "policy", "compared_to", "items"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PopularResponse(String ranking, String categoryId, String asOf, String computedAt, Policy policy,
    @JsonInclude(JsonInclude.Include.ALWAYS) String comparedTo, List<PopularItem> items) {
}
