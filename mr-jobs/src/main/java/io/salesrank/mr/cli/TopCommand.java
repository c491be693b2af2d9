package io.salesrank.mr.cli;

import java.time.Clock;

import io.salesrank.mr.pipeline.RankPipeline;
import io.salesrank.mr.ranking.RankingManifest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code salesrank top}: step 2 alone, as the Oozie workflow's second action runs it. */
@Command(name = "salesrank top",
    description = "Step 2: the top N of each category from step 1's output, into a ranking directory.")
public final class TopCommand extends SalesRankCommand {

  @Mixin
  ProgressOptions output;

  @Option(names = "--sums", required = true, paramLabel = "DIR", description = "Step 1's output (with _sum.json).")
  String sums;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The ranking directory to write; it must not exist.")
  String out;

  @Mixin
  TopOptions top;

  @Override
  public Integer call() throws Exception {
    Path sumsDir = new Path(sums);
    Path outDir = new Path(out);
    outDir = outDir.getFileSystem(getConf()).makeQualified(outDir);
    RankingManifest ranked = new RankPipeline(Clock.systemUTC(), output.progress()).top(getConf(),
        sumsDir.getFileSystem(getConf()).makeQualified(sumsDir), top.topN(), outDir);
    CliSupport.reportRanking(ranked, outDir);
    return CliSupport.OK;
  }
}
