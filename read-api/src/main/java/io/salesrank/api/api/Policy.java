package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How a category was ranked (docs/read-api.md): {@code {"kind": "window", "window_hours": 168}} or
 * {@code {"kind": "decay", ...}}, with {@code "metric": "orders"} when orders were counted (units, the
 * default, is not named) and {@code "fallback": true} when the category was ranked over a fallback span,
 * which {@code window_hours} or {@code lookback_hours} then is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "window_hours", "half_life_hours", "lookback_hours", "metric", "fallback"})
public record Policy(
    @JsonProperty("kind") String kind,
    @JsonProperty("window_hours") Integer windowHours,
    @JsonProperty("half_life_hours") Double halfLifeHours,
    @JsonProperty("lookback_hours") Integer lookbackHours,
    @JsonProperty("metric") String metric,
    @JsonProperty("fallback") Boolean fallback) {
}
