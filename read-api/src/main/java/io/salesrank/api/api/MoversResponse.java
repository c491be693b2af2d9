package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /api/v1/movers}: the products of a category that rose most since {@code hours} earlier. */
@JsonPropertyOrder({"category_id", "as_of", "compared_to", "hours", "items"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MoversResponse(
    @JsonProperty("category_id") String categoryId,
    @JsonProperty("as_of") String asOf,
    @JsonProperty("compared_to") String comparedTo,
    @JsonProperty("hours") int hours,
    @JsonProperty("items") List<MoverItem> items) {
}
