package io.salesrank.mr.cli;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.RankingManifest;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code salesrank rank}: the two MapReduce steps for one hour, into a ranking directory. */
@Command(name = "salesrank rank", sortOptions = false,
    description = "Runs step 1 (sum) and step 2 (top N) for one hour and writes a ranking directory"
        + " (part-* lines 'category_id rank product_id total_sold score', _SUCCESS, _ranking.json).")
public final class RankCommand extends Configured implements Tool, Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Mixin
  RankOptions rank;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "The ranking directory to create; it must not exist.")
  String out;

  @Override
  public int run(String[] args) {
    return CliSupport.execute(this, args);
  }

  @Override
  public Integer call() throws Exception {
    RankPipeline.Request request = rank.request(getConf(), new Path(out));
    FileSystem fs = request.ranking().getFileSystem(getConf());
    // Intermediate files sit beside the output, on the same filesystem, and go afterwards.
    Path work = new Path(request.ranking().getParent(),
        "." + request.ranking().getName() + ".work-" + UUID.randomUUID());
    RankingManifest manifest;
    try {
      manifest = new RankPipeline(Clock.systemUTC(), System.err).rank(getConf(), request.withWork(work));
    } finally {
      fs.delete(work, true);
    }
    CliSupport.reportRanking(manifest, request.ranking());
    return CliSupport.OK;
  }
}
