package io.salesrank.mr.sum;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntBiFunction;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankCounters;
import io.salesrank.mr.input.SalesInputFormat;
import io.salesrank.mr.input.FileOffset;
import io.salesrank.mr.input.LineBlock;
import io.salesrank.mr.input.LineTally;
import io.salesrank.mr.input.SalesLineParser;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.mr.tree.CategoryTree;
import io.salesrank.mr.tree.ShippedTree;
import io.salesrank.mr.variants.ProductParents;
import io.salesrank.mr.variants.ShippedParents;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Step 1 map: each sales line through {@link SaleEmitter}, which emits {@code (category TAB
 * product) -> (qty, weighted score)} plus the same for each ancestor of the category (with a category
 * tree) and {@code (* TAB product)} for the overall ranking. Only ids,
 * quantity and time leave the mapper; a malformed line is counted and reported by file, offset and
 * reason.
 *
 * <p>In-mapper combining: the task sums its records in a bounded hash map and hands each distinct
 * key to the shuffle once (when the map is full, and at the end), so the sort sees a fraction of
 * the records. The sums are exact ({@link ScoreSum}), so this changes no result. A line is added
 * under its own category only ({@code leaves}); each of those sums is fanned out to the ancestors and
 * {@code *} when it leaves that table ({@code above}, a second table): one add a line instead of two or
 * more, into a table half the size, where each add is a likely cache miss (bench/RESULTS.md). A task
 * holds at most {@code salesrank.map.aggregate.max-keys} keys in each table.
 *
 * <p>A split may hold many files ({@link SalesInputFormat}), read a block of whole lines at a time
 * ({@link LineBlock}): the mapper finds and parses each line inside the block, with no object, copy or
 * framework call per line; the line format follows the block's file's name.
 */
public class SumMapper extends Mapper<FileOffset, LineBlock, Text, Writable> {

  private final Map<SalesLineParser.Format, SaleEmitter> emitters = new EnumMap<>(SalesLineParser.Format.class);
  /** The task's sums under each sale's own category. */
  private InTaskSums<InTaskSums.Slotted> leaves;
  /** The same sums under each ancestor and {@code *}, added as they leave {@link #leaves}. */
  private InTaskSums<InTaskSums.Slotted> above;
  private Fanout fanout;
  /** A sum from {@link #leaves} being fanned out, its key and where its {@code TAB product} starts. */
  private Text fanned;
  private InTaskSums.Slotted fannedSum;
  private int fannedTab;
  private final Text aboveKey = new Text();
  private final Fanout.Target toAbove = this::addAbove;
  private InTaskSums.Sink<InTaskSums.Slotted> spill;
  /** A sum leaving {@link #leaves}: to the shuffle, and fanned out into {@link #above}. */
  private InTaskSums.Sink<InTaskSums.Slotted> spillLeaf;
  private final InTaskSums.Sink<InTaskSums.Slotted> fanOut = this::fanOut;
  private CompressionCodecFactory codecs;
  private List<RankingPolicy> spans;
  private RankingRules.Metric metric;
  private CategoryTree tree;
  private ProductParents parents;
  private long endMillis;
  private SaleEmitter emitter;
  private SaleEmitter.Sink sink;
  private Path currentFile;
  private String file;
  private MultipleOutputs<Text, Writable> outputs;
  private LineTally tally;
  private LineBlock block;
  private final LineBlock.LineVisitor eachLine = this::line;

  @Override
  protected void setup(Context context) throws IOException {
    codecs = new CompressionCodecFactory(context.getConfiguration());
    spans = RankingRules.spans(context.getConfiguration());
    metric = RankingRules.metric(context.getConfiguration());
    tree = ShippedTree.load(context.getConfiguration());
    parents = ShippedParents.load(context.getConfiguration());
    endMillis = SalesRankConfig.getEndMillis(context.getConfiguration());
    int maxKeys = SalesRankConfig.getMapAggregateMaxKeys(context.getConfiguration());
    // A scratch sum each: a table's spill must not overwrite the sum the other is fanning out.
    leaves = new InTaskSums<>(maxKeys, newSum());
    above = new InTaskSums<>(maxKeys, newSum());
    fanout = new Fanout(tree);
    spill = (key, sum) -> context.write(key, (Writable) sum);
    spillLeaf = (key, sum) -> {
      context.write(key, (Writable) sum);
      fanOut(key, sum);
    };
    sink = (key, value) -> leaves.add(key.getBytes(), key.getLength(), value, spillLeaf);
    tally = new LineTally(context, () -> {
      if (outputs == null) {
        outputs = new MultipleOutputs<>(context);
      }
      return outputs;
    });
  }

  /** Follows the line's file: its name for reports, its name's format for the parser. */
  private void switchTo(Path path) {
    currentFile = path;
    file = path.toString();
    emitter = emitters.computeIfAbsent(SalesLineParser.Format.forFile(codecs, path),
        format -> new SaleEmitter(format, spans, metric, tree, parents, endMillis).ownCategoryOnly());
  }

  @Override
  protected void map(FileOffset offset, LineBlock block, Context context)
      throws IOException, InterruptedException {
    if (block.file() != currentFile) {
      switchTo(block.file());
    }
    this.block = block;
    block.forEachLine(eachLine);
  }

  private void line(byte[] b, int from, int to) throws IOException, InterruptedException {
    tally.line();
    switch (emitter.accept(b, from, to, sink)) {
      case COUNTED -> tally.counted();
      case OUTSIDE_WINDOW -> tally.outsideWindow();
      case EMPTY -> tally.empty();
      case HEADER -> tally.header();
      case MALFORMED -> tally.malformed(file, block.offset(from), emitter.malformed());
    }
  }

  private InTaskSums.Slotted newSum() {
    return spans.size() > 1 ? new SpanSums(spans.size()) : new ScoreSum();
  }

  /** Adds the sum of {@code category TAB product} under each ancestor and {@code *} to {@link #above}. */
  private void fanOut(Text key, InTaskSums.Slotted sum) throws IOException, InterruptedException {
    byte[] b = key.getBytes();
    int tab = 0;
    while (b[tab] != '\t') {
      tab++;
    }
    fanned = key;
    fannedSum = sum;
    fannedTab = tab;
    fanout.above(b, 0, tab, toAbove);
  }

  private void addAbove(byte[] category, int start, int length) throws IOException, InterruptedException {
    SumKeys.set(aboveKey, category, start, length, 0, 1, fanned.getBytes(), fannedTab + 1,
        fanned.getLength() - fannedTab - 1);
    above.add(aboveKey.getBytes(), aboveKey.getLength(), fannedSum, spill);
  }

  /**
   * Fans the sums of the leaves out, then hands both tables' sums to the framework ordered so that its
   * map-side sort, by reducer and key, finds them sorted and {@link io.salesrank.mr.OrderedFirstSort}
   * has nothing to do (SumJob).
   */
  private void flush(Context context) throws IOException, InterruptedException {
    leaves.forEach(spillLeaf, fanOut);
    InTaskSums.drainOrdered(spill, partition(context), List.of(leaves, above));
  }

  /** The reducer of each key, as the framework's output collector picks it. */
  private static ToIntBiFunction<Text, InTaskSums.Slotted> partition(Context context) throws IOException {
    int reduces = context.getNumReduceTasks();
    if (reduces <= 1) {
      return (key, sum) -> 0;
    }
    Partitioner<Text, Writable> partitioner;
    try {
      @SuppressWarnings("unchecked")
      Partitioner<Text, Writable> p = (Partitioner<Text, Writable>) ReflectionUtils.newInstance(
          context.getPartitionerClass(), context.getConfiguration());
      partitioner = p;
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot load the job's partitioner", e);
    }
    return (key, sum) -> partitioner.getPartition(key, (Writable) sum, reduces);
  }

  /** Times the task's own work, so that the map phase's lines per second per task can be reported. */
  @Override
  public void run(Context context) throws IOException, InterruptedException {
    long start = System.nanoTime();
    super.run(context);
    context.getCounter(SalesRankCounters.MAP_TASKS).increment(1);
    // Microseconds: a task of a small input ends within a millisecond.
    context.getCounter(SalesRankCounters.MAP_TASK_MICROS).increment((System.nanoTime() - start) / 1_000);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    tally.publish();
    flush(context);
    if (outputs != null) {
      outputs.close();
    }
  }
}
