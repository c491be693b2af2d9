package io.salesrank.api.api;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A category that has a current ranking, how many products it ranks and, when the ranking used a
 * category tree, its parent: {@code parentId} is null when there was no tree (the field is left out),
 * empty for a root (JSON {@code null}).
 */
@JsonPropertyOrder({"category_id", "products", "parent_id"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CategorySummary(String categoryId, int products,
    @JsonInclude(JsonInclude.Include.NON_NULL) Optional<String> parentId) {
}
