package io.salesrank.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The read API's configuration: Dropwizard's server and logging, plus ours. */
public class ApiConfiguration extends Configuration {

  @Valid
  @NotNull
  @JsonProperty("database")
  private DatabaseConfig database;

  @Valid
  @NotNull
  @JsonProperty("ranking")
  private RankingConfig ranking;

  public DatabaseConfig database() {
    return database;
  }

  public RankingConfig ranking() {
    return ranking;
  }
}
