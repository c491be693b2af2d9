package io.salesrank.mr.cli;

import java.io.IOException;
import java.time.Instant;

import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.RankingPolicy;
import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What to rank, shared by rank and run: {@code --input --hour}, the policy
 * ({@code --window-hours N | --half-life-hours H [--lookback-hours L]}), {@code --top} and
 * {@code --max-malformed-ratio}.
 */
public final class RankOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "ROOT",
      description = "Root of the hourly sales logs (ROOT/YYYY/MM/DD/HH/), local path or any Hadoop URI.")
  String input;

  @Option(names = "--hour", paramLabel = "YYYY-MM-DDTHH",
      description = "The UTC hour to rank as of: the window ends at the end of this hour (required).")
  Instant hour;

  @Option(names = "--window-hours", paramLabel = "N",
      description = "Rank by units sold in the trailing N hours (default " + RankingPolicy.DEFAULT_WINDOW_HOURS + ").")
  Integer windowHours;

  @Option(names = "--half-life-hours", paramLabel = "H",
      description = "Rank by exponentially decayed units with this half-life, instead of a window.")
  Double halfLifeHours;

  @Option(names = "--lookback-hours", paramLabel = "L",
      description = "With --half-life-hours: how far back lines count (default "
          + RankingPolicy.DEFAULT_LOOKBACK_HOURS + ").")
  Integer lookbackHours;

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + SalesRankConfig.DEFAULT_TOP_N,
      description = "Products kept per category (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--max-malformed-ratio", paramLabel = "R", defaultValue = "0.01",
      description = "Fail, ranking nothing, when more than this share of lines is malformed (default ${DEFAULT-VALUE}).")
  double maxMalformedRatio;

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

  /**
   * The checked request (a bad value is a usage error, exit 2) with qualified paths; the work
   * directory is left for the command to choose.
   */
  public RankPipeline.Request request(Configuration conf, Path ranking) throws IOException {
    if (hour == null) {
      throw usage("Missing required option: '--hour=YYYY-MM-DDTHH'");
    }
    return request(conf, ranking, hour);
  }

  /** {@link #request(Configuration, Path)} for {@code hour} instead of {@code --hour}. */
  public RankPipeline.Request request(Configuration conf, Path ranking, Instant hour) throws IOException {
    if (top < 1 || top > SalesRankConfig.MAX_TOP_N) {
      throw usage("--top must be 1.." + SalesRankConfig.MAX_TOP_N + ", got " + top);
    }
    if (!(maxMalformedRatio >= 0 && maxMalformedRatio <= 1)) {
      throw usage("--max-malformed-ratio must be 0..1, got " + maxMalformedRatio);
    }
    RankingPolicy policy = policy();
    Path in = new Path(input);
    return new RankPipeline.Request(in.getFileSystem(conf).makeQualified(in), hour, policy, top, maxMalformedRatio,
        ranking.getFileSystem(conf).makeQualified(ranking), null);
  }

  /** The {@code --hour} given, or null. */
  public Instant hour() {
    return hour;
  }

  public ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
