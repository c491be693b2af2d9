package io.salesrank.api.core;

/**
 * How a ranking was ranked, as published: {@code window} with {@code windowHours}, {@code decay} with
 * {@code halfLifeHours} and {@code lookbackHours}, or {@code trend} with {@code trendHours} and
 * {@code minUnits} (the fields of the other kinds are null), what a line weighed ({@code metric}:
 * {@code units} or {@code orders}), and whether the span, the window or the lookback, is a fallback span
 * a sparse category was ranked over instead of the run's.
 */
public record RankingPolicy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours,
    Integer trendHours, Long minUnits, String metric, boolean fallback) {

  /** A window or decay policy. */
  public RankingPolicy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours, String metric,
      boolean fallback) {
    this(kind, windowHours, halfLifeHours, lookbackHours, null, null, metric, fallback);
  }

  /** The hours {@code total_sold} sums over: the window, the lookback, or a trend's recent hours. */
  public int spanHours() {
    return trendHours != null ? trendHours : windowHours != null ? windowHours : lookbackHours;
  }

  /** This policy over {@code hours} in place of its window or lookback: a sparse category's. */
  public RankingPolicy overFallbackSpan(int hours) {
    return windowHours != null
        ? new RankingPolicy(kind, hours, halfLifeHours, lookbackHours, metric, true)
        : new RankingPolicy(kind, windowHours, halfLifeHours, hours, metric, true);
  }
}
