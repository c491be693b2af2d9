package io.salesrank.mr.cli;

import java.time.Clock;
import java.util.concurrent.Callable;

import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.RankingManifest;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code salesrank sum}: step 1 alone, as the Oozie workflow's first action runs it. */
@Command(name = "salesrank sum", sortOptions = false,
    description = "Step 1: sums each (category, product) over the window into DIR (with _sum.json);"
        + " fails, leaving no _sum.json, when too many lines are malformed.")
public final class SumCommand extends Configured implements Tool, Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Mixin
  RankOptions rank;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Step 1's output; it must not exist.")
  String out;

  @Override
  public int run(String[] args) {
    return CliSupport.execute(this, args);
  }

  @Override
  public Integer call() throws Exception {
    RankPipeline.Request request = rank.request(getConf(), new Path(out));
    RankingManifest summed = new RankPipeline(Clock.systemUTC(), System.err).sum(getConf(), request, request.ranking());
    System.err.printf("sums for %s written to %s%n", summed.hour(), request.ranking());
    return CliSupport.OK;
  }
}
