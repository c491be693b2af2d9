package io.salesrank.mr;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 map: each sales line through {@link SaleEmitter}, which emits {@code (category TAB
 * product) -> (qty, weighted qty)} plus {@code (* TAB product)} for the overall ranking. Only ids,
 * quantity and time leave the mapper; a malformed line is counted and reported by file, offset and
 * reason.
 *
 * <p>In-mapper combining: the task sums its records in a bounded hash map and hands each distinct
 * key to the shuffle once (when the map is full, and at the end), so the sort sees a fraction of
 * the records. The sums are exact ({@link ScoreSum}), so this changes no result.
 *
 * <p>A split may hold many files ({@link SalesInputFormat}): each key names its line's file, and
 * the line format follows the file's name. A plain {@link LongWritable} key means the split's file.
 */
public class SumMapper extends Mapper<LongWritable, Text, Text, ScoreSum> {

  /** Named output holding {@code file TAB offset TAB reason} examples of malformed lines. */
  public static final String MALFORMED_OUTPUT = "malformed";

  private static final Logger LOG = LoggerFactory.getLogger(SumMapper.class);
  private static final int TALLY_LINES = 1 << 16;

  private final Text example = new Text();
  private final Map<SalesLineParser.Format, SaleEmitter> emitters = new EnumMap<>(SalesLineParser.Format.class);
  private KeySums sums;
  private long linesHere;
  private long countedHere;
  private CompressionCodecFactory codecs;
  private RankingPolicy policy;
  private long endMillis;
  private SaleEmitter emitter;
  private SaleEmitter.Sink sink;
  private Path splitFile;
  private Path currentFile;
  private String file;
  private MultipleOutputs<Text, ScoreSum> malformedOutput;
  private int examplesLeft;
  private Counter linesRead;
  private Counter headerLines;
  private Counter emptyLines;
  private Counter malformedLines;
  private Counter outsideWindow;
  private Counter counted;
  private Counter[] malformedByReason;

  @Override
  protected void setup(Context context) {
    splitFile = context.getInputSplit() instanceof FileSplit split ? split.getPath() : null;
    codecs = new CompressionCodecFactory(context.getConfiguration());
    policy = SalesRankConfig.getPolicy(context.getConfiguration());
    endMillis = SalesRankConfig.getEndMillis(context.getConfiguration());
    sums = new KeySums(SalesRankConfig.getMapAggregateMaxKeys(context.getConfiguration()));
    sink = (key, value) -> {
      if (!sums.add(key.getBytes(), key.getLength(), value)) {
        flush(context);
        sums.add(key.getBytes(), key.getLength(), value);
      }
    };
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

  static String nameWithoutCodecSuffix(CompressionCodecFactory codecs, Path path) {
    CompressionCodec codec = codecs.getCodec(path);
    String name = path.getName();
    return codec == null ? name : CompressionCodecFactory.removeSuffix(name, codec.getDefaultExtension());
  }

  /** Follows the line's file: its name for reports, its name's format for the parser. */
  private void switchTo(Path path) {
    currentFile = path;
    file = path.toString();
    emitter = emitters.computeIfAbsent(SalesLineParser.Format.forFileName(nameWithoutCodecSuffix(codecs, path)),
        format -> new SaleEmitter(format, policy, endMillis));
  }

  @Override
  protected void map(LongWritable offset, Text line, Context context)
      throws IOException, InterruptedException {
    if (++linesHere == TALLY_LINES) {
      publishTallies();
    }
    Path path = offset instanceof FileOffset at ? at.file() : splitFile;
    if (path != currentFile) {
      switchTo(path);
    }
    switch (emitter.accept(line, sink)) {
      case COUNTED -> countedHere++;
      case OUTSIDE_WINDOW -> outsideWindow.increment(1);
      case EMPTY -> emptyLines.increment(1);
      case HEADER -> headerLines.increment(1);
      case MALFORMED -> malformed(offset.get(), emitter.malformed(), context);
    }
  }

  /** Hands the per-line tallies to the task's counters (a counter update per line costs more). */
  private void publishTallies() {
    linesRead.increment(linesHere);
    counted.increment(countedHere);
    linesHere = 0;
    countedHere = 0;
  }

  private void malformed(long offset, Malformed reason, Context context)
      throws IOException, InterruptedException {
    malformedLines.increment(1);
    malformedByReason[reason.ordinal()].increment(1);
    if (examplesLeft > 0) {
      examplesLeft--;
      LOG.warn("Malformed line in {} at offset {}: {}", file, offset, reason.description());
      if (malformedOutput == null) {
        malformedOutput = new MultipleOutputs<>(context);
      }
      example.set(file + '\t' + offset + '\t' + reason.name());
      malformedOutput.write(MALFORMED_OUTPUT, example, NullWritable.get());
    }
  }

  private void flush(Context context) throws IOException, InterruptedException {
    sums.drain(context::write);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    publishTallies();
    flush(context);
    if (malformedOutput != null) {
      malformedOutput.close();
    }
  }
}
