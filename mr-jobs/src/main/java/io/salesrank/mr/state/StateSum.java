package io.salesrank.mr.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import io.salesrank.mr.sum.InTaskSums;
import io.salesrank.mr.sum.Summable;
import io.salesrank.mr.sum.RankedTotal;
import org.apache.hadoop.io.Writable;

/**
 * Units, lines, score and gross score of a (category, product), as the state keeps them: a file's
 * partial sum in one time bucket (the score relative to the bucket's end), a running total (the score
 * as of the total's end), or a change to one.
 *
 * <p>Decayed scores are doubles: a total carried from hour to hour is rescaled by {@code 2^(-1/h)}
 * per hour, which fixed point cannot do exactly either. {@code lines} and {@code gross} let a total
 * whose lines all left the window, or whose sales and returns cancel, become exactly zero, as a run
 * without a state computes it: {@code gross} adds {@code |qty| x weight} of every line that went into
 * or out of the total, aged like the score, so it bounds the rounding the score carries.
 */
public final class StateSum implements Writable, InTaskSums.Slotted, Summable<StateSum>, RankedTotal {

  /** A score this small against the gross of its lines is what cancelling sales and returns leave. */
  static final double CANCELLED = 1e-12;

  private long units;
  private long lines;
  private double score;
  private double gross;

  public void set(long units, long lines, double score, double gross) {
    this.units = units;
    this.lines = lines;
    this.score = score;
    this.gross = gross;
  }

  @Override
  public void clear() {
    set(0, 0, 0, 0);
  }

  @Override
  public void add(StateSum other) {
    units += other.units;
    lines += other.lines;
    score += other.score;
    gross += other.gross;
  }

  /**
   * Adds {@code coefficient} (1 or -1) times {@code other}, its score scaled by {@code factor}; the
   * gross grows either way, as the rounding it bounds does.
   */
  public void add(StateSum other, int coefficient, double factor) {
    add(other, coefficient, coefficient, factor);
  }

  /**
   * Adds {@code counted} (1, 0 or -1) times {@code other}'s units and lines and {@code scored} times its
   * score scaled by {@code factor}; the gross grows whenever the score moves, as the rounding it bounds
   * does.
   */
  public void add(StateSum other, int counted, int scored, double factor) {
    units += counted * other.units;
    lines += counted * other.lines;
    score += scored * other.score * factor;
    gross += Math.abs(scored) * other.gross * factor;
  }

  /**
   * Zero when no line is left or, for a decayed score, when what is left is the rounding of terms
   * that cancel (a window's score is a whole number, exact).
   */
  public void settle(boolean decayed) {
    if (lines == 0) {
      score = 0;
      gross = 0;
    } else if (decayed && Math.abs(score) <= CANCELLED * gross) {
      score = 0;
    }
  }

  @Override
  public long units() {
    return units;
  }

  public long lines() {
    return lines;
  }

  @Override
  public double score() {
    return score;
  }

  public double gross() {
    return gross;
  }

  @Override
  public boolean isPositive() {
    return score > 0;
  }

  @Override
  public int width() {
    return 4;
  }

  @Override
  public void addTo(long[] a, int i) {
    a[i] += units;
    a[i + 1] += lines;
    a[i + 2] = Double.doubleToRawLongBits(Double.longBitsToDouble(a[i + 2]) + score);
    a[i + 3] = Double.doubleToRawLongBits(Double.longBitsToDouble(a[i + 3]) + gross);
  }

  @Override
  public void setFrom(long[] a, int i) {
    set(a[i], a[i + 1], Double.longBitsToDouble(a[i + 2]), Double.longBitsToDouble(a[i + 3]));
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeLong(units);
    out.writeLong(lines);
    out.writeDouble(score);
    out.writeDouble(gross);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    units = in.readLong();
    lines = in.readLong();
    score = in.readDouble();
    gross = in.readDouble();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateSum other && units == other.units && lines == other.lines
        && Double.compare(score, other.score) == 0 && Double.compare(gross, other.gross) == 0;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(units) * 31 + Double.hashCode(score);
  }

  @Override
  public String toString() {
    return units + "\t" + lines + "\t" + score + "\t" + gross;
  }
}
