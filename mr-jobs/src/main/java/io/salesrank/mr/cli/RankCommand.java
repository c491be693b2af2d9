package io.salesrank.mr.cli;

import java.time.Clock;

import io.salesrank.mr.Interruption;
import io.salesrank.mr.pipeline.RankPipeline;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code salesrank rank}: the two MapReduce steps for one hour, into a ranking directory. */
@Command(name = "salesrank rank",
    description = "Runs step 1 (sum) and step 2 (top N) for one hour and writes a ranking directory"
        + " (part-* lines 'category_id rank product_id total_sold score', _SUCCESS, _ranking.json).")
public final class RankCommand extends PipelineCommand {

  @Mixin
  TopOptions top;

  @Mixin
  StateOptions state;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The ranking directory to create; it must not exist.")
  String out;

  @Override
  public Integer call() throws Exception {
    RankRequest request = rank.request(getConf(), end.end(), top.topN(), state.state());
    Path ranking = new Path(out);
    ranking = ranking.getFileSystem(getConf()).makeQualified(ranking);
    Interruption.leaves("no ranking was written to " + ranking
        + (request.state() == null ? "" : ", and the state is as it was"));
    RankingManifest manifest = new RankPipeline(Clock.systemUTC(), output.progress())
        .rank(getConf(), request, RankPipeline.Output.beside(ranking));
    CliSupport.reportRanking(manifest, ranking);
    return CliSupport.OK;
  }
}
