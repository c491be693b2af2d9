package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A product's place in one kept ranking; rank, total and score null (written) when it was not listed. */
@JsonPropertyOrder({"as_of", "rank", "total_sold", "score"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HistoryPoint(
    @JsonProperty("as_of") String asOf,
    @JsonProperty("rank") Integer rank,
    @JsonProperty("total_sold") Long totalSold,
    @JsonProperty("score") Double score) {
}
