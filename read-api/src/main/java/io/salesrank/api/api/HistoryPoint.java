package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A product's place in one kept ranking; rank, total and score null (written) when it was not listed. */
@JsonPropertyOrder({"as_of", "rank", "total_sold", "score"})
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HistoryPoint(String asOf, Integer rank, Long totalSold, Double score) {
}
