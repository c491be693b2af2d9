package io.salesrank.mr.cli;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.RankingManifest;
import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code salesrank rank}: the two MapReduce steps for one hour, into a ranking directory. */
@Command(name = "salesrank rank", sortOptions = false,
    description = "Runs step 1 (sum) and step 2 (top N) for one hour and writes a ranking directory"
        + " (part-* lines 'category_id rank product_id total_sold score', _SUCCESS, _ranking.json).")
public final class RankCommand extends Configured implements Tool, Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--input", required = true, paramLabel = "ROOT",
      description = "Root of the hourly sales logs (ROOT/YYYY/MM/DD/HH/), local path or any Hadoop URI.")
  String input;

  @Option(names = "--hour", required = true, paramLabel = "YYYY-MM-DDTHH",
      description = "The UTC hour to rank as of: the window ends at the end of this hour.")
  Instant hour;

  @Mixin
  PolicyOptions policyOptions;

  @Option(names = "--top", paramLabel = "N", defaultValue = "" + SalesRankConfig.DEFAULT_TOP_N,
      description = "Products kept per category (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--max-malformed-ratio", paramLabel = "R", defaultValue = "0.01",
      description = "Fail, ranking nothing, when more than this share of lines is malformed (default ${DEFAULT-VALUE}).")
  double maxMalformedRatio;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The ranking directory to create; it must not exist.")
  String out;

  @Override
  public int run(String[] args) {
    return CliSupport.execute(this, args);
  }

  @Override
  public Integer call() throws Exception {
    RankPipeline.Request request = request(spec, policyOptions, input, hour, top, maxMalformedRatio, out);
    FileSystem fs = request.ranking().getFileSystem(getConf());
    Path work = new Path(request.ranking().getParent(),
        "." + request.ranking().getName() + ".work-" + UUID.randomUUID());
    RankingManifest manifest;
    try {
      manifest = new RankPipeline(Clock.systemUTC(), System.err).rank(getConf(), request.withWork(work));
    } finally {
      fs.delete(work, true);
    }
    System.err.printf("ranking as of %s written to %s: %d rows in %d categories%n",
        manifest.asOf(), request.ranking(), manifest.rows(), manifest.categories());
    return CliSupport.OK;
  }

  /**
   * Validates the options rank and run share (a bad value is a usage error, exit 2); the work
   * directory is left for the caller to choose.
   */
  static RankPipeline.Request request(CommandSpec spec, PolicyOptions policy, String input, Instant hour,
      int top, double maxMalformedRatio, String ranking) throws IOException {
    if (top < 1 || top > SalesRankConfig.MAX_TOP_N) {
      throw new ParameterException(spec.commandLine(), "--top must be 1.." + SalesRankConfig.MAX_TOP_N + ", got " + top);
    }
    if (!(maxMalformedRatio >= 0 && maxMalformedRatio <= 1)) {
      throw new ParameterException(spec.commandLine(), "--max-malformed-ratio must be 0..1, got " + maxMalformedRatio);
    }
    Configuration conf = ((Configured) spec.userObject()).getConf();
    Path in = qualify(conf, input);
    Path rankingPath = qualify(conf, ranking);
    return new RankPipeline.Request(in, hour, policy.policy(), top, maxMalformedRatio, rankingPath, null);
  }

  private static Path qualify(Configuration conf, String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).makeQualified(p);
  }
}
