package io.salesrank.api.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The body of every error: {@code {"code": STATUS, "message": "..."}}. */
@JsonPropertyOrder({"code", "message"})
public record ErrorResponse(@JsonProperty("code") int code, @JsonProperty("message") String message) {
}
