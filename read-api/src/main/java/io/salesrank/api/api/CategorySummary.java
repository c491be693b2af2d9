package io.salesrank.api.api;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A category that has a current ranking, how many products it ranks and, when the ranking used a
 * category tree, its parent: {@code parentId} is null when there was no tree (the field is left out),
 * empty for a root (JSON {@code null}).
 */
@JsonPropertyOrder({"category_id", "products", "parent_id"})
public record CategorySummary(
    @JsonProperty("category_id") String categoryId,
    @JsonProperty("products") int products,
    @JsonProperty("parent_id") @JsonInclude(JsonInclude.Include.NON_NULL) Optional<String> parentId) {
}
