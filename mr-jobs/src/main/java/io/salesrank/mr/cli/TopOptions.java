package io.salesrank.mr.cli;

import io.salesrank.mr.SalesRankConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --top N}: how many products step 2 keeps per category (rank, top and run). */
public final class TopOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + SalesRankConfig.DEFAULT_TOP_N,
      description = "Products kept per category (default ${DEFAULT-VALUE}).")
  int top;

  /** The checked value; out of range is a usage error. */
  public int topN() {
    if (top < 1 || top > SalesRankConfig.MAX_TOP_N) {
      throw new ParameterException(spec.commandLine(), "--top must be 1.." + SalesRankConfig.MAX_TOP_N + ", got " + top);
    }
    return top;
  }
}
