package io.salesrank.mr.sum;

/** Step 1's values as the tests build them. */
public final class Sums {

  private Sums() {
  }

  /** The sum of one line of {@code units} units weighing {@code weight} (1 within a window). */
  public static ScoreSum sum(int units, double weight) {
    ScoreSum s = new ScoreSum();
    s.set(units, ScoreSum.fixedWeight(weight));
    return s;
  }
}
