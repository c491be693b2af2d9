package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The body of every error: {@code {"code": STATUS, "message": "..."}}. */
@JsonPropertyOrder({"code", "message"})
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorResponse(int code, String message) {
}
