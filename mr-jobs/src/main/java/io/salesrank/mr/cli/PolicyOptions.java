package io.salesrank.mr.cli;

import io.salesrank.mr.RankingPolicy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --window-hours N | --half-life-hours H [--lookback-hours L]}, shared by rank and run. */
public final class PolicyOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--window-hours", paramLabel = "N",
      description = "Rank by units sold in the trailing N hours (default "
          + RankingPolicy.DEFAULT_WINDOW_HOURS + ").")
  Integer windowHours;

  @Option(names = "--half-life-hours", paramLabel = "H",
      description = "Rank by exponentially decayed units with this half-life, instead of a window.")
  Double halfLifeHours;

  @Option(names = "--lookback-hours", paramLabel = "L",
      description = "With --half-life-hours: how far back lines count (default "
          + RankingPolicy.DEFAULT_LOOKBACK_HOURS + ").")
  Integer lookbackHours;

  /** The policy the options name; a contradiction or out-of-range value is a usage error. */
  public RankingPolicy policy() {
    if (windowHours != null && halfLifeHours != null) {
      throw usage("--window-hours and --half-life-hours exclude each other");
    }
    if (lookbackHours != null && halfLifeHours == null) {
      throw usage("--lookback-hours needs --half-life-hours");
    }
    try {
      return halfLifeHours != null
          ? RankingPolicy.decay(halfLifeHours, lookbackHours == null ? RankingPolicy.DEFAULT_LOOKBACK_HOURS : lookbackHours)
          : RankingPolicy.window(windowHours == null ? RankingPolicy.DEFAULT_WINDOW_HOURS : windowHours);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
