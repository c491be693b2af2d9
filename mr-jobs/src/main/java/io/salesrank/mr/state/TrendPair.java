package io.salesrank.mr.state;

import java.io.IOException;

import io.salesrank.mr.sum.SumKeys;
import io.salesrank.mr.top.CategoryTopN;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;

/**
 * A trend's candidate from a state's two sums of a product (docs/ranking-rules.md), which arrive side by
 * side under paired keys, the recent span ({@code T} hours) first, then both spans ({@code 2T}): units
 * are the recent span's, the score is the recent span's minus the one before, {@code 2 x recent - both}.
 * Sums of whole units in doubles below 2^53 are exact, so this is the difference a run without a state
 * computes. A product with no line in a span has no sum there: zero.
 */
final class TrendPair {

  private final CategoryTopN best;
  private final Text product = new Text();
  private final StateSum recent = new StateSum();
  private final StateSum difference = new StateSum();
  private boolean pending;

  TrendPair(CategoryTopN best) {
    this.best = best;
  }

  /** Takes the next paired key's sum, in key order. */
  void offer(Text key, StateSum sum) throws IOException, InterruptedException {
    byte[] b = key.getBytes();
    int length = SumKeys.withoutSpanMark(b, key.getLength());
    int span = SumKeys.span(b, key.getLength());
    boolean same = pending && product.getLength() == length
        && WritableComparator.compareBytes(product.getBytes(), 0, length, b, 0, length) == 0;
    if (!same) {
      flush();
    }
    if (span == 0) {
      product.set(b, 0, length);
      recent.set(sum.units(), sum.lines(), sum.score(), sum.gross());
      pending = true;
      return;
    }
    if (!same) {
      product.set(b, 0, length);
      recent.clear();
    }
    emit(sum.score());
    pending = false;
  }

  /** Hands on a product whose recent sum came without a sum of both spans (none is missing in a state). */
  void flush() throws IOException, InterruptedException {
    if (pending) {
      emit(recent.score());
      pending = false;
    }
  }

  private void emit(double bothScore) throws IOException, InterruptedException {
    double score = 2 * recent.score() - bothScore;
    difference.set(recent.units(), 1, score, Math.abs(score));
    best.offer(product, difference);
  }
}
