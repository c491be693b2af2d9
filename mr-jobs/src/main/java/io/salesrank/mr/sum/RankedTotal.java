package io.salesrank.mr.sum;

/** What step 2 reads of a (category, product)'s total: step 1's {@link ScoreSum} or a state's total. */
public interface RankedTotal {

  /** Whether the product is ranked at all: its score is above zero. */
  boolean isPositive();

  double score();

  long units();
}
