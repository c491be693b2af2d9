package io.salesrank.mr.cli;

import java.time.Clock;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.pipeline.RankPipeline;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code salesrank sum}: step 1 alone, as the Oozie workflow's first action runs it. */
@Command(name = "salesrank sum",
    description = "Step 1: sums each (category, product) over the window into DIR (with _sum.json);"
        + " fails, leaving no _sum.json, when too many lines are malformed.")
public final class SumCommand extends PipelineCommand {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Step 1's output; it must not exist.")
  String out;

  @Override
  public Integer call() throws Exception {
    // Step 2 chooses how many to keep (top --top); step 1 sums every product.
    RankRequest request = rank.request(getConf(), end.end(), SalesRankConfig.DEFAULT_TOP_N);
    Path sums = new Path(out);
    sums = sums.getFileSystem(getConf()).makeQualified(sums);
    RankingManifest summed = new RankPipeline(Clock.systemUTC(), output.progress()).sum(getConf(), request, sums);
    System.err.printf("sums for %s written to %s%n", summed.hour(), sums);
    return CliSupport.OK;
  }
}
