package io.salesrank.mr.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.salesrank.mr.JobFailedException;
import io.salesrank.mr.JobMonitor;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.input.LineTally;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.mr.sum.ShippedLookups;
import io.salesrank.mr.sum.StepOne;
import io.salesrank.shared.Messages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * Step 1 with a state ({@code --state DIR}, docs/cli.md and docs/design.md): the totals as of the run's end, from
 * the state's totals, files' partial sums and the files it parses. An hourly run (its end a whole
 * hour) leaves a new state version, committed once its ranking is written; a refresh ({@code --at})
 * reads the state and leaves it as it is. A missing, damaged or incompatible state is built anew from
 * the logs, saying so in one line; a state that is ahead of the run is left alone and the run ranks
 * without it.
 */
public final class IncrementalStep {

  /**
   * Step 1's manifest and where its sums are; {@code commit} makes the new state version current (or
   * null); {@code candidates}: the sums are each reducer's best of each category, with their counts.
   */
  public record Summed(RankingManifest manifest, Path sums, Commit commit, boolean candidates) {
  }

  /** A new state version, written and waiting to be committed. */
  public interface Commit {
    /** Commits the version; a run that lost the race to another says so and drops its update. */
    void commit() throws IOException;

    /** Removes the version, uncommitted. */
    void abandon() throws IOException;
  }

  private final Configuration conf;
  private final PrintStream progress;
  private final JobMonitor monitor;

  public IncrementalStep(Configuration conf, PrintStream progress, JobMonitor monitor) {
    this.conf = conf;
    this.progress = progress;
    this.monitor = monitor;
  }

  /** The spans a state sums for {@code request}: its own, or a trend's two windows, side by side. */
  static List<RankingPolicy> summed(RankRequest request) {
    return request.policy().kind() == RankingPolicy.Kind.TREND ? request.policy().trendSpans() : request.spans();
  }

  /** What the ranking options that shape a state say; a state built with other options is rebuilt. */
  static String options(RankingPolicy policy) {
    return switch (policy.kind()) {
      case WINDOW -> "policy=window;window_hours=" + policy.windowHours();
      case DECAY -> "policy=decay;half_life_hours=" + policy.halfLifeHours() + ";lookback_hours="
          + policy.lookbackHours();
      // The minimum of units decides what is ranked, not what is summed: it does not shape the state.
      case TREND -> "policy=trend;trend_hours=" + policy.trendHours();
    };
  }

  /**
   * The options of {@code request} with its category tree and product parents (by content: the same
   * tree in another file is the same state); a state kept without the rules reads as it did.
   */
  static String options(RankRequest request, ShippedLookups lookups) {
    StringBuilder s = new StringBuilder(options(request.policy()));
    RankingRules rules = request.rules();
    if (rules.metric() != RankingRules.Metric.UNITS) {
      s.append(";metric=").append(rules.metric().wireName());
    }
    if (lookups.tree() != null) {
      s.append(";category_tree=").append(lookups.tree().sha256());
    }
    if (lookups.parents() != null) {
      s.append(";product_parent=").append(lookups.parents().sha256());
    }
    if (rules.minProducts() > 0) {
      s.append(";span_hours=").append(request.spans().stream().map(p -> String.valueOf(p.spanHours()))
          .collect(Collectors.joining(",")));
    }
    return s.toString();
  }

  /**
   * Step 1 of {@code request} with its state, intermediate files under {@code work}; null when the
   * state is ahead of the request's end (a backfill), which then ranks without it.
   */
  public Summed sum(RankRequest request, Path work, ShippedLookups lookups) throws IOException, InterruptedException {
    StateStore store = new StateStore(conf, request.state());
    String options = options(request, lookups);
    String input = request.input().toString();
    Spans now = Spans.of(request.end().toEpochMilli(), summed(request));
    long base = Window.floorHour(now.end());
    StateStore.Loaded state;
    String why;
    try {
      state = store.load(input, options);
      why = state == null ? "there is no state in " + store.dir() + " yet" : null;
    } catch (StateStore.Unusable e) {
      state = null;
      why = "the state in " + store.dir() + " cannot be used: " + e.getMessage();
    }
    if (state != null && state.manifest().end() > base) {
      progress.printf("state: the state in %s is as of %s, after this run's end; ranking without it"
          + " (the state is left as it is)%n", store.dir(), Instant.ofEpochMilli(state.manifest().end()));
      return null;
    }
    if (state == null) {
      progress.println("state: " + why + "; building it from the logs");
      return fromNewState(store, request, work, now, lookups);
    }
    try {
      return run(store, request, work, state, now.wholeHours(), lookups);
    } catch (JobFailedException e) {
      // The checks passed, yet the job could not read the state: damage they do not see.
      progress.println("state: the state in " + store.dir() + " cannot be read (" + e.getMessage()
          + "); building it from the logs");
      return fromNewState(store, request, work, now, lookups);
    }
  }

  /**
   * Step 1 with a state built anew: in its own pass for an hourly run; for a refresh, first as of the
   * hour it falls in (committed at once), then the refresh from it. Null (rank without a state) for a
   * refresh with no hour before the one in progress to build it from.
   */
  private Summed fromNewState(StateStore store, RankRequest request, Path work, Spans now, ShippedLookups lookups)
      throws IOException, InterruptedException {
    if (now.wholeHours()) {
      return run(store, request, work, null, true, lookups);
    }
    RankRequest atBase = request.endingAt(Instant.ofEpochMilli(Window.floorHour(now.end())));
    HourLayout.Selection before = HourLayout.select(request.input().getFileSystem(conf), request.input(),
        atBase.end(), request.longestSpan().spanHours());
    if (before.present().isEmpty()) {
      progress.println("state: no hour before " + atBase.end() + " to build it from; this refresh ranks without it");
      return null;
    }
    progress.println("state: first as of " + atBase.end());
    run(store, atBase, work, null, true, lookups).commit().commit();
    StateStore.Loaded built;
    try {
      built = store.load(request.input().toString(), options(request, lookups));
    } catch (StateStore.Unusable e) {
      throw new SalesRankException("the state just built in " + store.dir() + " cannot be read back: "
          + e.getMessage());
    }
    return run(store, request, work, built, false, lookups);
  }

  private Summed run(StateStore store, RankRequest request, Path work, StateStore.Loaded state, boolean keep,
      ShippedLookups lookups) throws IOException, InterruptedException {
    int spanHours = request.longestSpan().spanHours();
    Spans now = Spans.of(request.end().toEpochMilli(), summed(request));
    Spans before = state == null ? null : Spans.of(state.manifest().end(), summed(request));
    FileSystem inputFs = request.input().getFileSystem(conf);
    HourLayout.Selection hours = HourLayout.select(inputFs, request.input(), request.end(), spanHours);
    if (hours.present().isEmpty()) {
      throw new SalesRankException("no hour directories under " + request.input() + " for the " + spanHours
          + " hours before " + request.end() + "; check --input and --hour (or --at)");
    }
    IncrementalPlan plan = IncrementalPlan.of(now, before, state == null ? null : state.index(),
        state == null ? 1 : state.manifest().nextFileId(), request.input(), hours.files());

    String runId = UUID.randomUUID().toString();
    FileSystem workFs = work.getFileSystem(conf);
    Path output = keep ? store.tmp(runId) : new Path(work, "sums");
    output.getFileSystem(conf).delete(output, true);
    Path planFile = new Path(work, "plan-" + runId + ".tsv");
    workFs.mkdirs(work);
    plan.write(workFs, planFile);

    Configuration jobConf = SalesRankConfig.withLocalParallelism(conf);
    SalesRankConfig.sizeSortBuffer(jobConf, plan.parse.stream().mapToLong(IncrementalPlan.Parse::size).sum()
        + plan.sums.stream().mapToLong(s -> s.entry().bytes()).sum());
    request.writeTo(jobConf);
    if (request.policy().kind() == RankingPolicy.Kind.TREND) {
      RankingRules.writeSpans(jobConf, summed(request).stream().map(RankingPolicy::spanHours).toList(), 0);
    }
    lookups.writeTo(jobConf);
    SalesRankConfig.setEnd(jobConf, request.end());
    SalesRankConfig.setTopN(jobConf, request.topN());
    StateConfig.setPlan(jobConf, workFs.makeQualified(planFile));
    StateConfig.setKeepSums(jobConf, keep);
    int totalsParts = 0;
    if (state != null) {
      StateConfig.setFrom(jobConf, state.manifest().end());
      StateConfig.setTotals(jobConf, state.dir());
      totalsParts = state.manifest().totals().size();
    }
    Set<Path> fromState = new HashSet<>(hours.present());
    for (IncrementalPlan.Parse p : plan.parse) {
      fromState.remove(p.path().getParent());
    }
    progress.printf("%s, %s ending %s: parsing %s of %s, %s from the state (%s' partial sums)%n",
        hours.describe(request.input()), request.describe(), request.end(), Messages.count(plan.parse.size(), "file"),
        Messages.count(plan.hoursParsed.size(), "hour"), Messages.count(fromState.size(), "hour"),
        Messages.count(plan.sums.size(), "file"));
    Path empty = workFs.makeQualified(new Path(work, "empty-" + runId));
    Job job = IncrementalSumJob.create(jobConf, plan, totalsParts, store.dir(), output, empty);
    lookups.addTo(job);
    try {
      monitor.run(job, "step 1/2 sum", plan.parse.stream().mapToLong(IncrementalPlan.Parse::size).sum());
    } catch (JobFailedException e) {
      output.getFileSystem(conf).delete(output, true);
      throw e;
    } finally {
      workFs.delete(planFile, false);
      workFs.delete(empty, false);
    }
    RankingManifest.Input input = new RankingManifest.Input(request.input().toString(), plan.hoursParsed.size(),
        hours.missing().size(), hours.withoutDoneFlag().size(), fromState.size());
    RankingManifest manifest;
    try {
      manifest = StepOne.summarize(conf, job.getCounters(), request, input, lookups, output, progress);
    } catch (SalesRankException e) {
      output.getFileSystem(conf).delete(output, true);
      throw e;
    }
    // Step 2 ranks each reducer's best of each category, not every total.
    Path candidates = new Path(output, StateConfig.CANDIDATES_OUTPUT);
    return new Summed(manifest, candidates, keep ? prepare(store, request, lookups, state, plan, output, runId) : null,
        true);
  }

  /** Writes the new version's index and manifest into {@code output}, ready to commit. */
  private Commit prepare(StateStore store, RankRequest request, ShippedLookups lookups, StateStore.Loaded state,
      IncrementalPlan plan, Path output, String runId) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    long version = store.newestVersion() + 1;
    String versionName = store.versionDir(version).getName();
    Map<Long, long[]> written = store.sumsWritten(output);
    Map<Long, long[]> spans = spans(fs, output);
    List<FileIndex.Entry> entries = new ArrayList<>(plan.carried);
    for (IncrementalPlan.Parse p : plan.parse) {
      long[] sums = written.get(p.fileId());
      long[] span = spans.get(p.fileId());
      entries.add(sums == null || span == null
          ? new FileIndex.Entry(p.relative(), p.dirHour(), p.size(), p.mtime(), p.fileId(), 0, 0, FileIndex.NONE, 0, 0)
          : new FileIndex.Entry(p.relative(), p.dirHour(), p.size(), p.mtime(), p.fileId(), span[0], span[1],
              versionName, (int) sums[0], sums[1]));
    }
    long indexBytes = FileIndex.write(fs, new Path(output, FileIndex.FILE), entries);
    List<StateManifest.Part> totals = new ArrayList<>();
    FileStatus[] parts = fs.globStatus(new Path(output, "part-r-*"));
    for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
      totals.add(new StateManifest.Part(part.getPath().getName(), part.getLen()));
    }
    new StateManifest(StateManifest.FORMAT, version, runId, request.input().toString(), options(request, lookups),
        request.end().toEpochMilli(), plan.nextFileId, Instant.now().toString(), totals, indexBytes)
        .write(fs, new Path(output, StateManifest.FILE));
    return new Commit() {
      @Override
      public void commit() throws IOException {
        // What step 2 and the report needed is not part of the state.
        fs.delete(new Path(output, StateConfig.CANDIDATES_OUTPUT), true);
        FileStatus[] examples = fs.globStatus(new Path(output, LineTally.MALFORMED_OUTPUT + "-m-*"));
        for (FileStatus example : examples == null ? new FileStatus[0] : examples) {
          fs.delete(example.getPath(), false);
        }
        if (store.commit(output, version, runId)) {
          progress.printf("state: version %d committed in %s, as of %s (%d files)%n", version, store.dir(),
              request.end(), entries.size());
          store.collectGarbage(version);
        } else {
          progress.printf("state: another run committed version %d in %s first; this run's update of the state"
              + " is dropped, its ranking stands%n", version, store.dir());
        }
      }

      @Override
      public void abandon() throws IOException {
        fs.delete(output, true);
      }
    };
  }

  /** The span of each parsed file's buckets, from the {@code files-m-*} lines its map tasks wrote. */
  private static Map<Long, long[]> spans(FileSystem fs, Path output) throws IOException {
    Map<Long, long[]> spans = new HashMap<>();
    FileStatus[] files = fs.globStatus(new Path(output, "files-m-*"));
    for (FileStatus f : files == null ? new FileStatus[0] : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          String[] p = line.split("\t");
          long[] span = spans.computeIfAbsent(Long.parseLong(p[0]), id -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
          span[0] = Math.min(span[0], Long.parseLong(p[1]));
          span[1] = Math.max(span[1], Long.parseLong(p[2]));
        }
      }
      fs.delete(f.getPath(), false);
    }
    return spans;
  }
}
