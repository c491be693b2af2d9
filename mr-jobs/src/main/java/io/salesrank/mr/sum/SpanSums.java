package io.salesrank.mr.sum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * Step 1's sum of a (category, product) when sparse categories fall back (docs/ranking-rules.md): one
 * {@link ScoreSum} per <em>ring</em> of time, ring 0 the policy's span {@code [end - S0, end)} and ring
 * {@code i} the part {@code [end - Si, end - S(i-1))} that fallback span {@code i} adds. A line adds to
 * the one ring it falls in, so every span is summed in the same pass at the cost of one record per
 * category, not one per span; span {@code i}'s sum is rings {@code 0..i} added up ({@link #span}).
 */
public final class SpanSums implements Writable, InTaskSums.Slotted, Summable<SpanSums> {

  private ScoreSum[] rings;

  /** For Hadoop's reflection: the ring count comes with {@link #readFields}. */
  public SpanSums() {
    this(1);
  }

  public SpanSums(int spans) {
    rings = new ScoreSum[spans];
    for (int i = 0; i < spans; i++) {
      rings[i] = new ScoreSum();
    }
  }

  public int spans() {
    return rings.length;
  }

  /** Sets this to one line's contribution, in {@code ring}. */
  public void set(int ring, int quantity, int scored, long fixedWeight) {
    clear();
    rings[ring].set(quantity, scored, fixedWeight);
  }

  @Override
  public void clear() {
    for (ScoreSum r : rings) {
      r.clear();
    }
  }

  @Override
  public void add(SpanSums other) {
    for (int i = 0; i < rings.length; i++) {
      rings[i].add(other.rings[i]);
    }
  }

  /** Sets {@code into} to span {@code span}'s sum: rings 0 to {@code span}. */
  public void span(int span, ScoreSum into) {
    into.clear();
    for (int i = 0; i <= span; i++) {
      into.add(rings[i]);
    }
  }

  @Override
  public int width() {
    return 3 * rings.length;
  }

  @Override
  public void addTo(long[] a, int i) {
    for (int r = 0; r < rings.length; r++) {
      rings[r].addTo(a, i + 3 * r);
    }
  }

  @Override
  public void setFrom(long[] a, int i) {
    for (int r = 0; r < rings.length; r++) {
      rings[r].setFrom(a, i + 3 * r);
    }
  }

  /**
   * The ring count, a bit mask of the rings that are not zero, and those rings only: most sums have
   * lines in one or two rings, so the shuffle carries little more than a {@link ScoreSum} each.
   */
  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, rings.length);
    int mask = 0;
    for (int i = 0; i < rings.length; i++) {
      if (!rings[i].isZero()) {
        mask |= 1 << i;
      }
    }
    WritableUtils.writeVInt(out, mask);
    for (int i = 0; i < rings.length; i++) {
      if ((mask & (1 << i)) != 0) {
        rings[i].write(out);
      }
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    if (n != rings.length) {
      rings = new SpanSums(n).rings;
    }
    int mask = WritableUtils.readVInt(in);
    for (int i = 0; i < rings.length; i++) {
      if ((mask & (1 << i)) != 0) {
        rings[i].readFields(in);
      } else {
        rings[i].clear();
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpanSums other && java.util.Arrays.equals(rings, other.rings);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(rings);
  }

  @Override
  public String toString() {
    return java.util.Arrays.toString(rings);
  }
}
