package io.salesrank.mr.sum;

import io.salesrank.mr.rules.RankingPolicy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;

/**
 * Units sold and score of one (category, product), summed exactly.
 *
 * <p>The score is held in 128-bit fixed point ({@link #SCALE_BITS} fraction bits), so sums are
 * exact and do not depend on the order in which combiners and reducers add them: the same input
 * gives the same ranking, bit for bit, however Hadoop splits it. Each line adds
 * {@code qty * weight} where the weight is 1 (window) or {@code 2^(-age/h)} (decay) rounded to
 * 2^-62; a line whose weight rounds to zero (older than 62 half-lives) adds nothing.
 */
public final class ScoreSum implements Writable, InTaskSums.Slotted, Summable<ScoreSum>, RankedTotal {

  /** Fraction bits of a weight; a weight of 1 is {@code 1L << SCALE_BITS}. */
  public static final int SCALE_BITS = 62;
  public static final long ONE = 1L << SCALE_BITS;

  private long units;
  private long scoreHigh;
  private long scoreLow;

  /** Fixed-point weight of a line: {@code weight} in [0, 1]. */
  /** The fixed-point weight of a line at {@code timestampMillis} in a ranking by {@code policy} ending at {@code endMillis}. */
  public static long fixedWeight(RankingPolicy policy, long timestampMillis, long endMillis) {
    return policy.kind() != RankingPolicy.Kind.DECAY ? ONE : fixedWeight(policy.weight(endMillis - timestampMillis));
  }

  public static long fixedWeight(double weight) {
    return Math.round(Math.scalb(weight, SCALE_BITS));
  }

  /** Sets this to one line's contribution: {@code quantity} units, scored as {@code quantity}. */
  public void set(int quantity, long fixedWeight) {
    set(quantity, quantity, fixedWeight);
  }

  /** Sets this to one line's contribution: {@code quantity} units, {@code scored x weight} score. */
  public void set(int quantity, int scored, long fixedWeight) {
    units = quantity;
    scoreHigh = Math.multiplyHigh(scored, fixedWeight);
    scoreLow = (long) scored * fixedWeight;
  }

  @Override
  public void clear() {
    units = 0;
    scoreHigh = 0;
    scoreLow = 0;
  }

  @Override
  public void add(ScoreSum other) {
    units += other.units;
    long low = scoreLow + other.scoreLow;
    scoreHigh += other.scoreHigh + (Long.compareUnsigned(low, scoreLow) < 0 ? 1 : 0);
    scoreLow = low;
  }

  @Override
  public int width() {
    return 3;
  }

  /** Adds this into {@code a[i]} (units) and {@code a[i + 1], a[i + 2]} (score), as {@link #add} would. */
  @Override
  public void addTo(long[] a, int i) {
    a[i] += units;
    long low = a[i + 2] + scoreLow;
    a[i + 1] += scoreHigh + (Long.compareUnsigned(low, scoreLow) < 0 ? 1 : 0);
    a[i + 2] = low;
  }

  /** Sets this from {@code a[i], a[i + 1], a[i + 2]} as {@link #addTo} leaves them. */
  @Override
  public void setFrom(long[] a, int i) {
    units = a[i];
    scoreHigh = a[i + 1];
    scoreLow = a[i + 2];
  }

  @Override
  public long units() {
    return units;
  }

  /** True when no line has added anything: units and score are zero. */
  public boolean isZero() {
    return units == 0 && scoreHigh == 0 && scoreLow == 0;
  }

  /** True when the exact score is above zero. */
  @Override
  public boolean isPositive() {
    return scoreHigh > 0 || (scoreHigh == 0 && scoreLow != 0);
  }

  /** The score as a double: exact for whole numbers below 2^51 (every window score). */
  @Override
  public double score() {
    double low = (double) (scoreLow >>> 1) * 2.0 + (scoreLow & 1);
    return scoreHigh * 4.0 + Math.scalb(low, -SCALE_BITS);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(units);
    out.writeLong(scoreHigh);
    out.writeLong(scoreLow);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    units = in.readLong();
    scoreHigh = in.readLong();
    scoreLow = in.readLong();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreSum other
        && units == other.units && scoreHigh == other.scoreHigh && scoreLow == other.scoreLow;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(units) * 31 + Long.hashCode(scoreHigh ^ scoreLow);
  }

  @Override
  public String toString() {
    return units + "\t" + score();
  }
}
