package io.salesrank.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

/**
 * How the in-memory ranking follows the database.
 *
 * @param refreshInterval how often each replica asks whether a new run is current (one query)
 * @param maxStaleness the health check fails when the current ranking's {@code as_of} is older
 * @param cacheMaxAge {@code Cache-Control: max-age} of ranking responses
 */
public record RankingConfig(
    @JsonProperty("refreshInterval") @NotNull @MinDuration(value = 100, unit = java.util.concurrent.TimeUnit.MILLISECONDS)
    Duration refreshInterval,
    @JsonProperty("maxStaleness") @NotNull Duration maxStaleness,
    @JsonProperty("cacheMaxAge") @NotNull Duration cacheMaxAge) {
}
