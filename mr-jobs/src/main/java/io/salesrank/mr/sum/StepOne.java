package io.salesrank.mr.sum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.salesrank.mr.SalesRankCounters;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.input.LineTally;
import io.salesrank.mr.input.Malformed;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

/**
 * What both forms of step 1 (from the logs, or with a state) do once their job is done: read its
 * counters and malformed-line examples into the manifest, report, and refuse the input when too many
 * lines are malformed; and how they set up the local runner.
 */
public final class StepOne {

  /** Examples of malformed lines kept in the manifest; the error line quotes the first few. */
  private static final int MANIFEST_EXAMPLES = 20;
  private static final int MESSAGE_EXAMPLES = 3;

  private StepOne() {
  }

  /**
   * The manifest of a step 1 whose job wrote {@code output} with {@code counters}, with the category
   * tree and product parents it used ({@code lookups}), after the malformed-line check.
   *
   * @throws SalesRankException when more lines are malformed than the request allows
   */
  public static RankingManifest summarize(Configuration conf, Counters c, RankRequest request,
      RankingManifest.Input input, ShippedLookups lookups, Path output, PrintStream progress) throws IOException {
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
    List<RankingManifest.MalformedExample> examples = malformedExamples(output.getFileSystem(conf), output);
    progress.printf("step 1/2 sum: %d lines read: %d counted, %d outside the window, %d headers, %d empty,"
        + " %d malformed%n", counts.linesRead(), counts.counted(), counts.outsideWindow(), counts.headerLines(),
        counts.emptyLines(), counts.malformed());
    long tasks = c.findCounter(SalesRankCounters.MAP_TASKS).getValue();
    long taskMicros = c.findCounter(SalesRankCounters.MAP_TASK_MICROS).getValue();
    if (tasks > 0 && taskMicros > 0) {
      // A map task holds one core from its first record to its last: this is lines per second per core.
      progress.printf(java.util.Locale.ROOT,
          "step 1/2 sum: map phase %,.0f lines/s per task (%d tasks, %.1f s of task time)%n",
          counts.linesRead() * 1e6 / taskMicros, tasks, taskMicros / 1e6);
    }
    checkMalformedRatio(counts, examples, request.maxMalformedRatio());
    return new RankingManifest(RankingManifest.FORMAT_VERSION, request.name(), HourLayout.formatHour(request.hour()),
        request.end().toString(), null, RankingManifest.Policy.of(request.policy(), request.rules()), null, input, counts,
        examples, null, null, lookups.treeInManifest(), lookups.parentsInManifest(), null);
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
    FileStatus[] files = fs.globStatus(new Path(output, LineTally.MALFORMED_OUTPUT + "-m-*"));
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
}
