package io.salesrank.api.core;

/**
 * How much a product sells against its category's best seller (docs/read-api.md, {@code demand}): its
 * score over the score of the category's rank-1 product in the stored ranking, in five buckets, so a
 * seller sees relative demand without the shop revealing volumes.
 */
public enum Demand {
  VERY_HIGH(0.5), HIGH(0.2), MEDIUM(0.05), LOW(0.01), VERY_LOW(0);

  private final double atLeast;

  Demand(double atLeast) {
    this.atLeast = atLeast;
  }

  /** The bucket of {@code score} against {@code best}, the category's rank-1 score (both above zero). */
  public static Demand of(double score, double best) {
    double share = score / best;
    for (Demand d : values()) {
      if (share >= d.atLeast) {
        return d;
      }
    }
    return VERY_LOW;
  }

  /** {@code very_high} ... {@code very_low}, as the API writes it. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
