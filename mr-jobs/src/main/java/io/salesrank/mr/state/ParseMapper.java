package io.salesrank.mr.state;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.input.FileOffset;
import io.salesrank.mr.input.LineBlock;
import io.salesrank.mr.input.LineTally;
import io.salesrank.mr.input.SalesLineParser;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.mr.sum.InTaskSums;
import io.salesrank.mr.sum.SumKeys;
import io.salesrank.mr.sum.Fanout;
import io.salesrank.mr.tree.ShippedTree;
import io.salesrank.mr.variants.RolledUp;
import io.salesrank.mr.variants.ShippedParents;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;

/**
 * The incremental step's map over the files it parses. A sale inside the window adds to its
 * (category, product), (ancestor, product) and (*, product) totals of each span it falls in, as step 1
 * counts it; and, when the run keeps a new state
 * version, to its file's partial sums by time bucket ({@link Buckets}), written per file to the named
 * output {@link StateConfig#SUMS_OUTPUT} ({@code c/f<fileId>}), with the span of the file's buckets in
 * {@link StateConfig#FILES_OUTPUT}. A line that no window reading its directory can ever count is left
 * out of the partial sums. Only ids, quantity and time leave the mapper.
 */
public class ParseMapper extends Mapper<FileOffset, LineBlock, Text, StateSum> {

  private final Map<SalesLineParser.Format, SalesLineParser> parsers = new EnumMap<>(SalesLineParser.Format.class);
  private final Text key = new Text();
  private final Text fileLine = new Text();
  private final StateSum value = new StateSum();
  private final byte[] prefix = new byte[Buckets.PREFIX];
  private Map<String, long[]> plan;
  private InTaskSums<StateSum> totals;
  private InTaskSums<StateSum> fileSums;
  private CompressionCodecFactory codecs;
  private MultipleOutputs<Text, StateSum> outputs;
  private LineTally tally;
  private Context context;
  private boolean keepSums;
  private RankingPolicy policy;
  private RankingRules.Metric metric;
  private Fanout fanout;
  private RolledUp product;
  /** The span {@link #addTotal} adds to, and the bucket {@link #addToFile} adds to. */
  private int spanIndex;
  private long bucketStart;
  private byte bucketKind;
  private final Fanout.Target toTotal = this::addTotal;
  private final LineBlock.LineVisitor eachLine = this::line;
  private LineBlock block;
  private final Fanout.Target toFile = this::addToFile;
  private final InTaskSums.Sink<StateSum> totalsOut = (k, v) -> context.write(k, v);
  private final InTaskSums.Sink<StateSum> fileSumsOut = this::writeFileSum;
  private Spans spans;
  /** A trend's two sums, keyed side by side ({@link SumKeys#setPaired}). */
  private boolean paired;
  private Window window;
  private long span;
  private SalesLineParser parser;
  private Path current;
  private String file;
  private long fileId;
  private long dirHour;
  private long minBucket;
  private long maxBucketEnd;

  @Override
  protected void setup(Context context) throws IOException {
    this.context = context;
    List<RankingPolicy> policies = RankingRules.spans(context.getConfiguration());
    policy = policies.get(0);
    metric = RankingRules.metric(context.getConfiguration());
    fanout = new Fanout(ShippedTree.load(context.getConfiguration()));
    product = new RolledUp(ShippedParents.load(context.getConfiguration()));
    spans = Spans.of(SalesRankConfig.getEndMillis(context.getConfiguration()), policies);
    paired = StateConfig.isPaired(context.getConfiguration());
    window = spans.longest();
    span = window.span();
    keepSums = StateConfig.getKeepSums(context.getConfiguration());
    plan = IncrementalPlan.readParse(context.getConfiguration());
    codecs = new CompressionCodecFactory(context.getConfiguration());
    int maxKeys = SalesRankConfig.getMapAggregateMaxKeys(context.getConfiguration());
    totals = new InTaskSums<>(maxKeys, new StateSum());
    fileSums = new InTaskSums<>(maxKeys, new StateSum());
    outputs = new MultipleOutputs<>(context);
    tally = new LineTally(context, () -> outputs);
  }

  @Override
  protected void map(FileOffset offset, LineBlock block, Context context) throws IOException, InterruptedException {
    // The record reader gives one Path object per file chunk: a new object is a new file (or chunk).
    if (block.file() != current) {
      switchTo(block.file());
    }
    this.block = block;
    block.forEachLine(eachLine);
  }

  private void line(byte[] b, int from, int to) throws IOException, InterruptedException {
    tally.line();
    switch (parser.parse(b, from, to)) {
      case EMPTY -> tally.empty();
      case HEADER -> tally.header();
      case MALFORMED -> tally.malformed(file, block.offset(from), parser.malformed());
      case SALE -> sale();
    }
  }

  private void sale() throws IOException, InterruptedException {
    long t = parser.timestampMillis();
    int qty = parser.quantity();
    int scored = metric.scored(qty);
    byte[] b = parser.bytes();
    int cs = parser.categoryStart();
    int cl = parser.categoryLength();
    product.set(b, parser.productStart(), parser.productLength());
    if (window.contains(t)) {
      tally.counted();
      for (int i = 0; i < spans.size(); i++) {
        Window w = spans.get(i);
        if (!w.contains(t)) {
          continue;
        }
        double weight = w.scores(t) ? policy.weight(w.end() - t) : 0;
        value.set(qty, 1, scored * weight, Math.abs(scored) * weight);
        spanIndex = i;
        fanout.each(b, cs, cl, toTotal);
      }
    } else {
      tally.outsideWindow();
    }
    // Windows that read this directory end in (dirHour, dirHour + span + 1h]: nothing else can count.
    if (keepSums && t > dirHour - span && t < dirHour + span + Buckets.length(Buckets.HOUR)) {
      bucketKind = Buckets.kindOf(t, dirHour);
      bucketStart = Buckets.startOf(t, bucketKind);
      long end = bucketStart + Buckets.length(bucketKind);
      double weight = policy.weight(end - t);
      value.set(qty, 1, scored * weight, Math.abs(scored) * weight);
      minBucket = Math.min(minBucket, bucketStart);
      maxBucketEnd = Math.max(maxBucketEnd, end);
      fanout.each(b, cs, cl, toFile);
    }
  }

  /** Adds the current value to the total of {@code category TAB product} over span {@link #spanIndex}. */
  private void addTotal(byte[] cat, int cs, int cl) throws IOException, InterruptedException {
    if (paired) {
      SumKeys.setPaired(key, cat, cs, cl, spanIndex, product.bytes(), product.start(), product.length());
    } else {
      SumKeys.set(key, cat, cs, cl, spanIndex, spans.size(), product.bytes(), product.start(), product.length());
    }
    totals.add(key.getBytes(), key.getLength(), value, totalsOut);
  }

  /** Adds the current value to the file's partial sum of {@code category TAB product} in the current bucket. */
  private void addToFile(byte[] cat, int cs, int cl) throws IOException, InterruptedException {
    Buckets.key(key, prefix, fileId, bucketStart, bucketKind, cat, cs, cl, product.bytes(), product.start(),
        product.length());
    fileSums.add(key.getBytes(), key.getLength(), value, fileSumsOut);
  }

  private void flushFile() throws IOException, InterruptedException {
    fileSums.drain(fileSumsOut);
  }

  /** Writes a partial sum of the current file to its part of the state's sums. */
  private void writeFileSum(Text k, StateSum v) throws IOException, InterruptedException {
    outputs.write(StateConfig.SUMS_OUTPUT, k, v, StateStore.SUMS_DIR + "/f" + fileId);
  }

  /** Ends the previous file (its partial sums and span written) and starts {@code path}'s. */
  private void switchTo(Path path) throws IOException, InterruptedException {
    endFile();
    current = path;
    file = path.toString();
    long[] planned = plan.get(file);
    if (planned == null) {
      throw new IOException(file + " is not in the plan of this run");
    }
    dirHour = planned[0];
    fileId = planned[1];
    minBucket = Long.MAX_VALUE;
    maxBucketEnd = Long.MIN_VALUE;
    parser = parsers.computeIfAbsent(
        SalesLineParser.Format.forFile(codecs, path), SalesLineParser::new);
  }

  private void endFile() throws IOException, InterruptedException {
    if (current == null || !keepSums) {
      return;
    }
    flushFile();
    if (minBucket <= maxBucketEnd) {
      fileLine.set(fileId + "\t" + minBucket + "\t" + maxBucketEnd);
      outputs.write(StateConfig.FILES_OUTPUT, fileLine, NullWritable.get(), "files");
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    endFile();
    tally.publish();
    totals.drain(context::write);
    outputs.close();
  }
}
