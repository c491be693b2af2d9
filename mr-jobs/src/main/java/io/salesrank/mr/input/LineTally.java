package io.salesrank.mr.input;

import java.io.IOException;
import java.util.function.Supplier;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankCounters;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step-1 mapper's account of the lines it reads: the counters of {@link SalesRankCounters} and
 * {@link Malformed}, and examples of malformed lines (file, offset, reason; never the content) in the
 * named output {@link #MALFORMED_OUTPUT}. Lines read and counted are tallied locally and handed to
 * the counters every 64K lines: a counter update per line costs more than the parse.
 */
public final class LineTally {

  /** Named output holding {@code file TAB offset TAB reason} examples of malformed lines. */
  public static final String MALFORMED_OUTPUT = "malformed";

  private static final Logger LOG = LoggerFactory.getLogger(LineTally.class);
  private static final int TALLY_LINES = 1 << 16;

  private final Text example = new Text();
  private final Supplier<MultipleOutputs<?, ?>> outputs;
  private final Counter linesRead;
  private final Counter headerLines;
  private final Counter emptyLines;
  private final Counter malformedLines;
  private final Counter outsideWindow;
  private final Counter counted;
  private final Counter[] malformedByReason;
  private int examplesLeft;
  private long linesHere;
  private long countedHere;

  /**
   * Counts into {@code context}'s counters; malformed examples go to the named outputs {@code outputs}
   * gives, asked for only when there is an example to write.
   */
  public LineTally(TaskInputOutputContext<?, ?, ?, ?> context, Supplier<MultipleOutputs<?, ?>> outputs) {
    this.outputs = outputs;
    examplesLeft = SalesRankConfig.getMalformedExamplesPerTask(context.getConfiguration());
    linesRead = context.getCounter(SalesRankCounters.LINES_READ);
    headerLines = context.getCounter(SalesRankCounters.HEADER_LINES);
    emptyLines = context.getCounter(SalesRankCounters.EMPTY_LINES);
    malformedLines = context.getCounter(SalesRankCounters.MALFORMED_LINES);
    outsideWindow = context.getCounter(SalesRankCounters.OUTSIDE_WINDOW);
    counted = context.getCounter(SalesRankCounters.COUNTED);
    malformedByReason = new Counter[Malformed.values().length];
    for (Malformed reason : Malformed.values()) {
      malformedByReason[reason.ordinal()] = context.getCounter(reason);
    }
  }

  /** Declares the named output of malformed-line examples on a job. */
  public static void addMalformedOutput(Job job) {
    MultipleOutputs.addNamedOutput(job, MALFORMED_OUTPUT, TextOutputFormat.class, Text.class, NullWritable.class);
  }

  public void line() {
    if (++linesHere == TALLY_LINES) {
      publish();
    }
  }

  public void counted() {
    countedHere++;
  }

  public void outsideWindow() {
    outsideWindow.increment(1);
  }

  public void empty() {
    emptyLines.increment(1);
  }

  public void header() {
    headerLines.increment(1);
  }

  @SuppressWarnings("unchecked")
  public void malformed(String file, long offset, Malformed reason) throws IOException, InterruptedException {
    malformedLines.increment(1);
    malformedByReason[reason.ordinal()].increment(1);
    if (examplesLeft > 0) {
      examplesLeft--;
      LOG.warn("Malformed line in {} at offset {}: {}", file, offset, reason.description());
      example.set(file + '\t' + offset + '\t' + reason.name());
      ((MultipleOutputs<Text, NullWritable>) outputs.get()).write(MALFORMED_OUTPUT, example, NullWritable.get());
    }
  }

  /** Hands the local tallies to the counters. */
  public void publish() {
    linesRead.increment(linesHere);
    counted.increment(countedHere);
    linesHere = 0;
    countedHere = 0;
  }
}
