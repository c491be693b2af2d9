package io.salesrank.api.core;

/**
 * How a ranking was ranked, as published: {@code window} with {@code windowHours}, or {@code decay}
 * with {@code halfLifeHours} and {@code lookbackHours} (the fields of the other kind are null), what a
 * line weighed ({@code metric}: {@code units} or {@code orders}), and whether the span, the window or
 * the lookback, is a fallback span a sparse category was ranked over instead of the run's.
 */
public record RankingPolicy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours,
    String metric, boolean fallback) {

  /** The hours ranked over: the window, or the lookback. */
  public int spanHours() {
    return windowHours != null ? windowHours : lookbackHours;
  }

  /** This policy over {@code hours} in place of its window or lookback: a sparse category's. */
  public RankingPolicy overFallbackSpan(int hours) {
    return windowHours != null
        ? new RankingPolicy(kind, hours, halfLifeHours, lookbackHours, metric, true)
        : new RankingPolicy(kind, windowHours, halfLifeHours, hours, metric, true);
  }
}
