package io.salesrank.mr.sum;

import java.io.IOException;
import java.util.List;

import io.salesrank.mr.input.Malformed;
import io.salesrank.mr.input.SalesLineParser;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.mr.tree.CategoryTree;
import io.salesrank.mr.variants.ProductParents;
import io.salesrank.mr.variants.RolledUp;
import org.apache.hadoop.io.Text;

/**
 * Step 1's work on one line, without Hadoop's context: parse it, roll a variant up to its parent, keep
 * it if it falls in the window, and emit its units and weighted score (docs/ranking-rules.md) under {@code category TAB product},
 * each ancestor's key when a category tree is used, and {@code * TAB product}: a {@link ScoreSum}, or,
 * when sparse categories fall back, a {@link SpanSums} with the line in the ring of time it falls in.
 * Reuses its key and value, so a sale allocates nothing.
 */
public final class SaleEmitter {

  /** Receives the records of a sale; the key and value are reused for the next call. */
  @FunctionalInterface
  public interface Sink {
    void emit(Text key, InTaskSums.Slotted value) throws IOException, InterruptedException;
  }

  /** What a line was. */
  public enum Outcome { COUNTED, OUTSIDE_WINDOW, HEADER, EMPTY, MALFORMED }

  private final SalesLineParser parser;
  private final RankingPolicy policy;
  private final RankingRules.Metric metric;
  private final Fanout fanout;
  private final RolledUp product;
  private final Fanout.Target emitToSink = this::emit;
  private Sink sink;
  private InTaskSums.Slotted emitted;
  /** The start of each span, shortest first: each starts no later than the one before. */
  private final long[] starts;
  private final long endMillis;
  /** A trend's recent span's start: a line before it subtracts from the score and adds no units. */
  private final long recentStart;
  private final Text key = new Text();
  private final ScoreSum value = new ScoreSum();
  private final SpanSums rings;
  private boolean ownCategoryOnly;

  /** A run over the one span of {@code policy}, by units, without a tree. */
  public SaleEmitter(SalesLineParser.Format format, RankingPolicy policy, long endMillis) {
    this(format, List.of(policy), RankingRules.Metric.UNITS, null, null, endMillis);
  }

  /**
   * A run over {@code spans} (the policy's first), weighing lines by {@code metric}, its variants rolled
   * up by {@code parents}; {@code tree} and {@code parents} may be null.
   */
  public SaleEmitter(SalesLineParser.Format format, List<RankingPolicy> spans, RankingRules.Metric metric,
      CategoryTree tree, ProductParents parents, long endMillis) {
    this.parser = new SalesLineParser(format);
    this.product = new RolledUp(parents);
    this.policy = spans.get(0);
    this.metric = metric;
    this.fanout = new Fanout(tree);
    this.endMillis = endMillis;
    this.recentStart = policy.recentStartMillis(endMillis);
    this.starts = new long[spans.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = spans.get(i).startMillis(endMillis);
    }
    this.rings = starts.length > 1 ? new SpanSums(starts.length) : null;
  }

  /**
   * Emits each sale under its own category only: the caller adds up the sums first and then fans each
   * out to the ancestors and {@code *} ({@link Fanout#above}), which gives the same sums, since each
   * record a sale emits carries the same value. Returns this.
   */
  public SaleEmitter ownCategoryOnly() {
    ownCategoryOnly = true;
    return this;
  }

  /** Why the last {@link Outcome#MALFORMED} line was malformed. */
  public Malformed malformed() {
    return parser.malformed();
  }

  public Outcome accept(Text line, Sink sink) throws IOException, InterruptedException {
    return accept(line.getBytes(), 0, line.getLength(), sink);
  }

  /** The line {@code b[from, to)}, parsed where it lies. */
  public Outcome accept(byte[] b, int from, int to, Sink sink) throws IOException, InterruptedException {
    switch (parser.parse(b, from, to)) {
      case EMPTY:
        return Outcome.EMPTY;
      case HEADER:
        return Outcome.HEADER;
      case MALFORMED:
        return Outcome.MALFORMED;
      case SALE:
        break;
    }
    long timestamp = parser.timestampMillis();
    int spans = starts.length;
    if (timestamp < starts[spans - 1] || timestamp >= endMillis) {
      return Outcome.OUTSIDE_WINDOW;
    }
    int qty = parser.quantity();
    InTaskSums.Slotted v;
    if (timestamp < recentStart) {
      value.set(0, metric.scored(qty), -ScoreSum.ONE);
      v = value;
    } else if (rings == null) {
      value.set(qty, metric.scored(qty), ScoreSum.fixedWeight(policy, timestamp, endMillis));
      v = value;
    } else {
      int ring = 0;
      while (timestamp < starts[ring]) {
        ring++;
      }
      rings.set(ring, qty, metric.scored(qty), ScoreSum.fixedWeight(policy, timestamp, endMillis));
      v = rings;
    }
    this.sink = sink;
    emitted = v;
    product.set(parser.bytes(), parser.productStart(), parser.productLength());
    if (ownCategoryOnly) {
      emit(parser.bytes(), parser.categoryStart(), parser.categoryLength());
    } else {
      fanout.each(parser.bytes(), parser.categoryStart(), parser.categoryLength(), emitToSink);
    }
    return Outcome.COUNTED;
  }

  private void emit(byte[] category, int start, int length) throws IOException, InterruptedException {
    SumKeys.set(key, category, start, length, 0, 1, product.bytes(), product.start(), product.length());
    sink.emit(key, emitted);
  }
}
