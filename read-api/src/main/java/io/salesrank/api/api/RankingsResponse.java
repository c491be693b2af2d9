package io.salesrank.api.api;

import java.util.List;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** {@code GET /api/v1/rankings}: the names with a current ranking, by name. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RankingsResponse(List<RankingSummary> rankings) {
}
