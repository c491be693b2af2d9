package io.salesrank.mr;

/**
 * How a line's quantity weighs in a ranking as of {@code end} (CONTRACT section 2): a trailing
 * window of whole hours, or exponential decay with a half-life over a lookback.
 */
public record RankingPolicy(Kind kind, int windowHours, double halfLifeHours, int lookbackHours) {

  public enum Kind { WINDOW, DECAY }

  public static final int DEFAULT_WINDOW_HOURS = 168;
  public static final int DEFAULT_LOOKBACK_HOURS = 2160;
  /** Ten years: far beyond any useful ranking, small enough to list hour by hour. */
  public static final int MAX_HOURS = 87_600;

  public RankingPolicy {
    if (kind == Kind.WINDOW && (windowHours < 1 || windowHours > MAX_HOURS)) {
      throw new IllegalArgumentException("window hours must be 1.." + MAX_HOURS + ", got " + windowHours);
    }
    if (kind == Kind.DECAY) {
      if (!(halfLifeHours > 0) || Double.isInfinite(halfLifeHours)) {
        throw new IllegalArgumentException("half-life hours must be a positive number, got " + halfLifeHours);
      }
      if (lookbackHours < 1 || lookbackHours > MAX_HOURS) {
        throw new IllegalArgumentException("lookback hours must be 1.." + MAX_HOURS + ", got " + lookbackHours);
      }
    }
  }

  public static RankingPolicy window(int hours) {
    return new RankingPolicy(Kind.WINDOW, hours, 0, 0);
  }

  public static RankingPolicy decay(double halfLifeHours, int lookbackHours) {
    return new RankingPolicy(Kind.DECAY, 0, halfLifeHours, lookbackHours);
  }

  /** Hours the ranking reaches back from its end: the window, or the decay's lookback. */
  public int spanHours() {
    return kind == Kind.WINDOW ? windowHours : lookbackHours;
  }

  /** This policy over {@code hours} instead: the window, or the decay's lookback (a fallback span). */
  public RankingPolicy withSpanHours(int hours) {
    return kind == Kind.WINDOW ? window(hours) : decay(halfLifeHours, hours);
  }

  /** The first instant of the window or lookback that ends at {@code endMillis}. */
  public long startMillis(long endMillis) {
    return endMillis - spanHours() * HourLayout.HOUR_MILLIS;
  }

  /** Fixed-point weight (see {@link ScoreSum}) of a line at {@code timestampMillis}. */
  public long fixedWeight(long timestampMillis, long endMillis) {
    return kind == Kind.WINDOW ? ScoreSum.ONE : ScoreSum.fixedWeight(weight(endMillis - timestampMillis));
  }

  /** The weight of a line {@code ageMillis} old: 1 in a window, {@code 2^(-age/h)} under decay. */
  public double weight(long ageMillis) {
    if (kind == Kind.WINDOW) {
      return 1.0;
    }
    // StrictMath: the same bits on every JVM of a cluster, so reruns rank identically.
    return StrictMath.pow(2.0, -(ageMillis / (double) HourLayout.HOUR_MILLIS) / halfLifeHours);
  }

  @Override
  public String toString() {
    return kind == Kind.WINDOW
        ? "window of " + windowHours + " h"
        : "decay with half-life " + halfLifeHours + " h over " + lookbackHours + " h";
  }
}
