package io.salesrank.mr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * Runs step 1 (sum) and step 2 (top N) for one hour and leaves a complete ranking directory:
 * {@code part-*}, {@code _SUCCESS} and {@code _ranking.json}. The directory appears whole, by one
 * rename, or not at all.
 */
public final class RankPipeline {

  /** Examples of malformed lines kept in the manifest; the error line quotes the first few. */
  private static final int MANIFEST_EXAMPLES = 20;
  private static final int MESSAGE_EXAMPLES = 3;

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
    Path sums = new Path(output.work(), "sums");
    Path staging = new Path(output.work(), "ranking-staging");
    try {
      fs.delete(sums, true);
      fs.delete(staging, true);
      RankingManifest summed = sum(conf, request, sums);
      RankingManifest ranked = top(conf, summed, request.topN(), sums, staging);
      if (!fs.rename(staging, output.ranking())) {
        throw new SalesRankException("could not move the ranking from " + staging + " to " + output.ranking());
      }
      return ranked;
    } finally {
      if (!output.keepWork()) {
        fs.delete(output.work(), true);
      }
    }
  }

  /** Step 1, then the malformed-line check; leaves {@code _sum.json} beside the sums. */
  public RankingManifest sum(Configuration conf, RankRequest request, Path output)
      throws IOException, InterruptedException {
    Instant end = request.end();
    RankingPolicy policy = request.policy();
    FileSystem inputFs = request.input().getFileSystem(conf);
    HourLayout.Selection hours = HourLayout.select(inputFs, request.input(), end, policy.spanHours());
    if (hours.present().isEmpty()) {
      throw new SalesRankException("no hour directories under " + request.input() + " for the "
          + policy.spanHours() + " hours before " + end + "; check --input and --hour");
    }
    progress.printf("reading %d hour directories under %s (%d missing, %d without %s), %s ending %s%n",
        hours.present().size(), request.input(), hours.missing().size(),
        hours.withoutDoneFlag().size(), HourLayout.DONE_FLAG, policy, end);

    Configuration jobConf = withLocalParallelism(conf);
    SalesRankConfig.setPolicy(jobConf, policy);
    SalesRankConfig.setEnd(jobConf, end);
    Job job = SumJob.create(jobConf, hours.present(), output);
    monitor.run(job, "step 1/2 sum");

    FileSystem fs = output.getFileSystem(conf);
    Counters c = job.getCounters();
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Malformed reason : Malformed.values()) {
      byReason.put(reason.name(), c.findCounter(reason).getValue());
    }
    RankingManifest.Counts counts = new RankingManifest.Counts(
        c.findCounter(SalesRankCounters.LINES_READ).getValue(),
        c.findCounter(SalesRankCounters.HEADER_LINES).getValue(),
        c.findCounter(SalesRankCounters.EMPTY_LINES).getValue(),
        c.findCounter(SalesRankCounters.MALFORMED_LINES).getValue(),
        byReason,
        c.findCounter(SalesRankCounters.OUTSIDE_WINDOW).getValue(),
        c.findCounter(SalesRankCounters.COUNTED).getValue());
    List<RankingManifest.MalformedExample> examples = malformedExamples(fs, output);
    progress.printf("step 1/2 sum: %d lines read: %d counted, %d outside the window, %d headers, %d empty,"
        + " %d malformed%n", counts.linesRead(), counts.counted(), counts.outsideWindow(), counts.headerLines(),
        counts.emptyLines(), counts.malformed());

    RankingManifest manifest = new RankingManifest(RankingManifest.FORMAT_VERSION,
        HourLayout.formatHour(request.hour()), end.toString(), null,
        RankingManifest.Policy.of(policy), null,
        new RankingManifest.Input(request.input().toString(), hours.present().size(),
            hours.missing().size(), hours.withoutDoneFlag().size()),
        counts, examples, null, null);
    checkMalformedRatio(counts, examples, request.maxMalformedRatio());
    manifest.write(fs, new Path(output, RankingManifest.SUM_FILE));
    return manifest;
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
    return top(conf, RankingManifest.read(fs, manifest), topN, sums, output);
  }

  /** Step 2 over step 1's output; writes {@code _ranking.json} into {@code output}. */
  RankingManifest top(Configuration conf, RankingManifest summed, int topN, Path sums, Path output)
      throws IOException, InterruptedException {
    Configuration jobConf = withLocalParallelism(conf);
    SalesRankConfig.setTopN(jobConf, topN);
    Job job = TopNJob.create(jobConf, SumJob.sums(sums), output);
    monitor.run(job, "step 2/2 top-" + topN);
    Counters c = job.getCounters();
    RankingManifest ranked = summed.ranked(topN, clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
        c.findCounter(SalesRankCounters.RANKED_ROWS).getValue(),
        (int) c.findCounter(SalesRankCounters.RANKED_CATEGORIES).getValue());
    ranked.write(output.getFileSystem(conf), new Path(output, RankingManifest.RANKING_FILE));
    progress.printf("step 2/2 top-%d: %d rows in %d categories (overall included)%n",
        topN, ranked.rows(), ranked.categories());
    return ranked;
  }

  private static void requireAbsent(FileSystem fs, Path output) throws IOException {
    if (fs.exists(output)) {
      throw new SalesRankException("output directory " + fs.makeQualified(output) + " already exists;"
          + " remove it or choose another");
    }
  }

  private static void checkMalformedRatio(RankingManifest.Counts counts,
      List<RankingManifest.MalformedExample> examples, double maxRatio) {
    if (counts.malformed() == 0 || (double) counts.malformed() / counts.linesRead() <= maxRatio) {
      return;
    }
    String reasons = counts.malformedByReason().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + Malformed.valueOf(e.getKey()).description())
        .collect(Collectors.joining(", "));
    String where = examples.stream().limit(MESSAGE_EXAMPLES)
        .map(e -> e.file() + " at offset " + e.offset() + " (" + Malformed.valueOf(e.reason()).description() + ")")
        .collect(Collectors.joining("; "));
    throw new SalesRankException(String.format(Locale.ROOT,
        "%d of %d lines read (%.2f%%) are malformed, above --max-malformed-ratio %s: %s; for example %s."
            + " Nothing was ranked: fix or remove those lines, or raise --max-malformed-ratio",
        counts.malformed(), counts.linesRead(), 100.0 * counts.malformed() / counts.linesRead(),
        BigDecimal.valueOf(maxRatio).stripTrailingZeros().toPlainString(), reasons, where));
  }

  private static List<RankingManifest.MalformedExample> malformedExamples(FileSystem fs, Path output)
      throws IOException {
    List<RankingManifest.MalformedExample> examples = new ArrayList<>();
    FileStatus[] files = fs.globStatus(SumJob.malformedExamples(output));
    if (files == null) {
      return examples;
    }
    for (FileStatus file : files) {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(fs.open(file.getPath()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null && examples.size() < MANIFEST_EXAMPLES) {
          String[] f = line.split("\t");
          examples.add(new RankingManifest.MalformedExample(f[0], Long.parseLong(f[1]), f[2]));
        }
      }
    }
    return examples;
  }

  /**
   * On the local runner, use every core for maps and reduces unless told otherwise (its default
   * is one thread). On a cluster the cluster's settings stand.
   */
  static Configuration withLocalParallelism(Configuration conf) {
    Configuration copy = new Configuration(conf);
    if (!MRConfig.LOCAL_FRAMEWORK_NAME.equals(copy.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))) {
      return copy;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (String key : List.of(SalesRankConfig.LOCAL_MAPS, SalesRankConfig.LOCAL_REDUCES, MRJobConfig.NUM_REDUCES)) {
      if (!isExplicit(copy, key)) {
        copy.setInt(key, cores);
      }
    }
    return copy;
  }

  private static boolean isExplicit(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return false;
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }
}
