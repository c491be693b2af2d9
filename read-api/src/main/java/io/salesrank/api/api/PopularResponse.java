package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * {@code GET /api/v1/popular}: a page of one category's current ranking; {@code compared_to} is the
 * comparison ranking's as_of (null, always written, when none is kept). Items come last: the servlet
 * appends prerendered items to the rest.
 */
@JsonPropertyOrder({"category_id", "as_of", "computed_at", "policy", "compared_to", "items"})
public record PopularResponse(
    @JsonProperty("category_id") String categoryId,
    @JsonProperty("as_of") String asOf,
    @JsonProperty("computed_at") String computedAt,
    @JsonProperty("policy") Policy policy,
    @JsonProperty("compared_to") @JsonInclude(JsonInclude.Include.ALWAYS) String comparedTo,
    @JsonProperty("items") List<PopularItem> items) {
}
