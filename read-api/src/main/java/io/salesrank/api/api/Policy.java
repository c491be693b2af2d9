package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code {"kind": "window", "window_hours": 168}} or {@code {"kind": "decay", ...}} (CONTRACT section 4). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "window_hours", "half_life_hours", "lookback_hours"})
public record Policy(
    @JsonProperty("kind") String kind,
    @JsonProperty("window_hours") Integer windowHours,
    @JsonProperty("half_life_hours") Double halfLifeHours,
    @JsonProperty("lookback_hours") Integer lookbackHours) {
}
