package io.salesrank.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;

/** Where the published rankings are: {@code SALESRANK_JDBC_URL} and friends in the default YAML. */
public record DatabaseConfig(
    @JsonProperty("url") @NotBlank String url,
    @JsonProperty("user") String user,
    @JsonProperty("password") String password) {
}
