package io.salesrank.mr.top;

import java.io.IOException;

import io.salesrank.mr.sum.RankedTotal;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;

/**
 * The best N products of each category of a stream of {@code category TAB product} keys sorted by key
 * (so that a category arrives in one run): each category's best are handed on when the next category
 * begins, and at {@link #flush}. Only products with a score above zero are kept (and, under a trend,
 * with its minimum of units: {@link #minUnits}). The "category" is the
 * key's group ({@link SumKeys}): with several spans, one span of a category.
 */
public final class CategoryTopN {

  /** Receives one kept product of {@code category}; the arguments are reused. */
  @FunctionalInterface
  public interface Sink {
    void accept(Text category, byte[] product, int start, int length, double score, long units)
        throws IOException, InterruptedException;
  }

  /** Receives how many products of {@code category} had a score above zero; the argument is reused. */
  @FunctionalInterface
  public interface CountSink {
    void accept(Text category, long products) throws IOException, InterruptedException;
  }

  private final Text category = new Text();
  private final TopNBuffer buffer;
  private final Sink sink;
  private final CountSink counts;
  private long positive;
  private long minUnits = Long.MIN_VALUE;

  public CategoryTopN(int n, Sink sink) {
    this(n, sink, null);
  }

  /**
   * As {@link #CategoryTopN(int, Sink)}, and also hands each category's count of products above zero to
   * {@code counts} (when not null), before its best: what decides whether a sparse category falls back.
   */
  public CategoryTopN(int n, Sink sink, CountSink counts) {
    this.buffer = new TopNBuffer(n);
    this.sink = sink;
    this.counts = counts;
  }

  /** Keeps only products with at least {@code units} units (a trend's minimum); returns this. */
  public CategoryTopN minUnits(long units) {
    this.minUnits = units;
    return this;
  }

  /** Offers the product of {@code key}; a new category first hands on the previous one's best. */
  public void offer(Text key, RankedTotal total) throws IOException, InterruptedException {
    if (!total.isPositive() || total.units() < minUnits) {
      return;
    }
    byte[] bytes = key.getBytes();
    int length = key.getLength();
    int tab = 0;
    while (bytes[tab] != '\t') {
      tab++;
    }
    if (category.getLength() != tab || WritableComparator.compareBytes(category.getBytes(), 0, tab, bytes, 0, tab) != 0) {
      flush();
      category.set(bytes, 0, tab);
    }
    positive++;
    buffer.offer(bytes, tab + 1, length - tab - 1, total.score(), total.units());
  }

  /** Hands on the current category's best. */
  public void flush() throws IOException, InterruptedException {
    if (counts != null && positive > 0) {
      counts.accept(category, positive);
    }
    positive = 0;
    for (int i = 0; i < buffer.size(); i++) {
      TopNBuffer.Entry e = buffer.get(i);
      sink.accept(category, e.product, 0, e.productLength, e.score, e.units);
    }
    buffer.clear();
  }
}
