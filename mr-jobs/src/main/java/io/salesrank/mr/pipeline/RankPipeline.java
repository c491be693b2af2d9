package io.salesrank.mr.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.salesrank.mr.Interruption;
import io.salesrank.mr.JobMonitor;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankCounters;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.mr.state.IncrementalStep;
import io.salesrank.mr.state.StateSum;
import io.salesrank.mr.sum.ShippedLookups;
import io.salesrank.mr.sum.StepOne;
import io.salesrank.mr.sum.SumJob;
import io.salesrank.mr.top.TopNJob;
import io.salesrank.mr.top.TopNReducer;
import io.salesrank.mr.tree.ShippedTree;
import io.salesrank.shared.Messages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

/**
 * Runs step 1 (sum, from the logs or with a state) and step 2 (top N) and leaves a complete ranking
 * directory: {@code part-*}, {@code _SUCCESS} and {@code _ranking.json}. The directory appears whole,
 * by one rename, or not at all; a new state version is committed only after it.
 */
public final class RankPipeline {

  /**
   * Where a ranking goes: {@code ranking} (which must not exist yet) and a {@code work} directory on the
   * same filesystem for the intermediate files. The pipeline creates the work directory, and removes it
   * afterwards unless {@code keepWork}.
   */
  public record Output(Path ranking, Path work, boolean keepWork) {

    /** The ranking at {@code ranking}; intermediate files in a hidden directory beside it, removed. */
    public static Output beside(Path ranking) {
      return new Output(ranking, new Path(ranking.getParent(),
          "." + ranking.getName() + ".work-" + UUID.randomUUID()), false);
    }

    /** Everything under {@code work}, kept: the sums and the ranking in {@code work/ranking}. */
    public static Output keptIn(Path work) {
      return new Output(new Path(work, "ranking"), work, true);
    }
  }

  private final Clock clock;
  private final PrintStream progress;
  private final JobMonitor monitor;

  public RankPipeline(Clock clock, PrintStream progress) {
    this.clock = clock;
    this.progress = progress;
    this.monitor = new JobMonitor(progress);
  }

  /** Both steps; the ranking directory appears whole, by one rename, or not at all. */
  public RankingManifest rank(Configuration conf, RankRequest request, Output output)
      throws IOException, InterruptedException {
    FileSystem fs = output.ranking().getFileSystem(conf);
    requireAbsent(fs, output.ranking());
    Path staging = new Path(output.work(), "ranking-staging");
    Interruption.removeOnInterrupt(fs, output.keepWork() ? staging : output.work());
    IncrementalStep.Summed summed = null;
    boolean committed = false;
    try {
      fs.delete(staging, true);
      // A broken tree or product parent file fails the run before any job starts.
      ShippedLookups lookups = ShippedLookups.prepare(conf, request, output.work(), progress);
      if (request.state() != null) {
        summed = new IncrementalStep(conf, progress, monitor).sum(request, output.work(), lookups);
      }
      if (summed == null) {
        Path sums = new Path(output.work(), "sums");
        fs.delete(sums, true);
        summed = new IncrementalStep.Summed(sum(conf, request, sums, lookups, request.topN()), sums, null, false);
      }
      RankingManifest ranked = top(conf, summed.manifest(), request.topN(), summed.sums(), staging,
          summed.candidates(), lookups.tree() == null ? null : lookups.tree().copy());
      if (Interruption.happened()) {
        throw new InterruptedIOException("interrupted before the ranking was moved into place");
      }
      if (!fs.rename(staging, output.ranking())) {
        throw new SalesRankException("could not move the ranking from " + staging + " to " + output.ranking());
      }
      committed = true;
      Interruption.leaves("the ranking was written to " + output.ranking() + " just before");
      if (summed.commit() != null) {
        commitState(summed.commit());
      }
      return ranked;
    } finally {
      if (!committed && summed != null && summed.commit() != null) {
        summed.commit().abandon();
      }
      if (!output.keepWork()) {
        fs.delete(output.work(), true);
      }
      Interruption.forget(output.keepWork() ? staging : output.work());
    }
  }

  /**
   * Commits the new state version once the ranking is in place; a failure here leaves the ranking
   * standing and the state at its previous version, which the next run starts from.
   */
  private void commitState(IncrementalStep.Commit commit) {
    try {
      commit.commit();
    } catch (IOException e) {
      progress.println("state: the new version could not be committed (" + Messages.firstLine(e.getMessage())
          + "); the ranking stands and the next run starts from the previous version");
      try {
        commit.abandon();
      } catch (IOException again) {
        progress.println("state: its files stay until a later run removes them: " + Messages.firstLine(again.getMessage()));
      }
    }
  }

  /**
   * Step 1 from the logs, then the malformed-line check; leaves {@code _sum.json} beside the sums, and
   * the category tree it used as {@code _tree.tsv}.
   */
  public RankingManifest sum(Configuration conf, RankRequest request, Path output)
      throws IOException, InterruptedException {
    Path work = new Path(output.getParent(), "." + output.getName() + ".work-" + UUID.randomUUID());
    try {
      return sum(conf, request, output, ShippedLookups.prepare(conf, request, work, progress), 0);
    } finally {
      work.getFileSystem(conf).delete(work, true);
    }
  }

  /** Step 1; with {@code candidatesOf} above zero, each reducer writes only its part's best of each category. */
  private RankingManifest sum(Configuration conf, RankRequest request, Path output, ShippedLookups lookups,
      int candidatesOf) throws IOException, InterruptedException {
    RankingPolicy policy = request.longestSpan();
    FileSystem inputFs = request.input().getFileSystem(conf);
    HourLayout.Selection hours = HourLayout.select(inputFs, request.input(), request.end(), policy.spanHours());
    if (hours.present().isEmpty()) {
      throw new SalesRankException("no hour directories under " + request.input() + " for the "
          + policy.spanHours() + " hours before " + request.end() + "; check --input and --hour (or --at)");
    }
    progress.printf("%s, %s ending %s%n", hours.describe(request.input()), request.describe(), request.end());

    long inputBytes = hours.files().stream().mapToLong(FileStatus::getLen).sum();
    Configuration jobConf = SalesRankConfig.withLocalParallelism(conf);
    SalesRankConfig.sizeSortBuffer(jobConf, inputBytes);
    request.writeTo(jobConf);
    lookups.writeTo(jobConf);
    SalesRankConfig.setEnd(jobConf, request.end());
    Job job = SumJob.create(jobConf, hours.present(), output);
    if (candidatesOf > 0 && RankingRules.spanHours(jobConf).length == 1) {
      SalesRankConfig.setTopN(job.getConfiguration(), candidatesOf);
      job.setReducerClass(CandidatesReducer.class);
      job.setOutputValueClass(StateSum.class);
    }
    lookups.addTo(job);
    monitor.run(job, "step 1/2 sum", inputBytes);
    RankingManifest manifest = StepOne.summarize(conf, job.getCounters(), request,
        new RankingManifest.Input(request.input().toString(), hours.present().size(), hours.missing().size(),
            hours.withoutDoneFlag().size()), lookups, output, progress);
    FileSystem fs = output.getFileSystem(conf);
    ShippedTree tree = lookups.tree();
    if (tree != null) {
      FileUtil.copy(tree.copy().getFileSystem(conf), tree.copy(), fs, new Path(output, RankingManifest.TREE_FILE),
          false, conf);
    }
    manifest.write(fs, new Path(output, RankingManifest.SUM_FILE));
    return manifest;
  }

  /** The bytes of the files {@code glob} matches. */
  private static long bytes(FileSystem fs, Path glob) throws IOException {
    FileStatus[] files = fs.globStatus(glob);
    long bytes = 0;
    for (FileStatus f : files == null ? new FileStatus[0] : files) {
      bytes += f.getLen();
    }
    return bytes;
  }

  /** Step 2 over the output of a step 1 that succeeded (its {@code _sum.json}), into {@code output}. */
  public RankingManifest top(Configuration conf, Path sums, int topN, Path output)
      throws IOException, InterruptedException {
    requireAbsent(output.getFileSystem(conf), output);
    Path manifest = new Path(sums, RankingManifest.SUM_FILE);
    FileSystem fs = sums.getFileSystem(conf);
    if (!fs.exists(manifest)) {
      throw new SalesRankException(sums + " has no " + RankingManifest.SUM_FILE
          + ": step 1 (sum) did not finish there, or refused the input");
    }
    Path tree = new Path(sums, RankingManifest.TREE_FILE);
    return top(conf, RankingManifest.read(fs, manifest), topN, sums, output, false, fs.exists(tree) ? tree : null);
  }

  /**
   * Step 2 over step 1's output (every total, or a state's {@code candidates} with their counts); writes
   * {@code _ranking.json}, and the category tree {@code tree} (when not null) as {@code _tree.tsv}, into
   * {@code output}.
   */
  private RankingManifest top(Configuration conf, RankingManifest summed, int topN, Path sums, Path output,
      boolean candidates, Path tree) throws IOException, InterruptedException {
    Configuration jobConf = SalesRankConfig.withLocalParallelism(conf);
    SalesRankConfig.sizeSortBuffer(jobConf, bytes(sums.getFileSystem(conf), SumJob.sums(sums)));
    SalesRankConfig.setTopN(jobConf, topN);
    setSpans(jobConf, summed.policy());
    jobConf.setBoolean(SalesRankConfig.COUNTS_UPSTREAM, candidates);
    Job job = TopNJob.create(jobConf, SumJob.sums(sums), output);
    monitor.run(job, "step 2/2 top-" + topN);
    Counters c = job.getCounters();
    FileSystem fs = output.getFileSystem(conf);
    RankingManifest ranked = summed.ranked(topN, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
        c.findCounter(SalesRankCounters.RANKED_ROWS).getValue(),
        (int) c.findCounter(SalesRankCounters.RANKED_CATEGORIES).getValue())
        .withFallbacks(Fallbacks.collect(fs, new Path(output, TopNReducer.FALLBACKS_DIR)));
    if (tree != null) {
      FileUtil.copy(tree.getFileSystem(conf), tree, fs, new Path(output, RankingManifest.TREE_FILE), false, conf);
    }
    ranked.write(fs, new Path(output, RankingManifest.RANKING_FILE));
    progress.printf("step 2/2 top-%d: %d rows in %d categories (overall included)%s%n",
        topN, ranked.rows(), ranked.categories(), ranked.fallbacksOrEmpty().isEmpty() ? ""
            : ", " + ranked.fallbacksOrEmpty().size() + " of them over a fallback span");
    return ranked;
  }

  /** Step 2's spans and minimum, from step 1's manifest: the policy's span and any fallbacks. */
  private static void setSpans(Configuration jobConf, RankingManifest.Policy p) {
    p.policy().writeTo(jobConf);
    List<Integer> spans = new ArrayList<>();
    spans.add(p.policy().spanHours());
    boolean fallback = p.minProducts() != null && p.minProducts() > 0;
    if (fallback) {
      spans.addAll(p.fallbackHours());
    }
    RankingRules.writeSpans(jobConf, spans, fallback ? p.minProducts() : 0);
  }

  private static void requireAbsent(FileSystem fs, Path output) throws IOException {
    if (fs.exists(output)) {
      throw new SalesRankException("output directory " + fs.makeQualified(output) + " already exists;"
          + " remove it or choose another");
    }
  }
}
