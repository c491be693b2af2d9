package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How a category was ranked (docs/read-api.md): {@code {"kind": "window", "window_hours": 168}} or
 * {@code {"kind": "decay", ...}} or {@code {"kind": "trend", "trend_hours": 24, "min_units": 5}}, with {@code "metric": "orders"} when orders were counted (units, the
 * default, is not named) and {@code "fallback": true} when the category was ranked over a fallback span,
 * which {@code window_hours} or {@code lookback_hours} then is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"kind", "window_hours", "half_life_hours", "lookback_hours", "trend_hours", "min_units", "metric",
    "fallback"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Policy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours,
    Integer trendHours, Long minUnits, String metric, Boolean fallback) {
}
