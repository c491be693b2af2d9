package io.salesrank.mr.state;

import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.sum.ScoreSum;

/**
 * A ranking's window {@code [end - span, end)}, the hour directories it reads (those that overlap it,
 * docs/ranking-rules.md), and the part of it whose lines weigh in the score, {@code [end - scoreSpan,
 * end)}: all of it, except for a decay that reaches back further than the age at which a run without
 * a state rounds a line's weight to zero ({@link ScoreSum#SCALE_BITS} + 1 half-lives), so that both
 * count the same lines. Times are epoch milliseconds.
 */
record Window(long end, long span, long scoreSpan) {

  static Window of(long end, RankingPolicy policy) {
    long span = policy.spanHours() * HourLayout.HOUR_MILLIS;
    if (policy.kind() != RankingPolicy.Kind.DECAY) {
      return new Window(end, span, span);
    }
    // 2^(-age/h) < 2^-(SCALE_BITS + 1) rounds to zero in fixed point: age > (SCALE_BITS + 1) h.
    double weightless = (ScoreSum.SCALE_BITS + 1) * policy.halfLifeHours() * HourLayout.HOUR_MILLIS;
    return new Window(end, span, weightless >= span ? span : (long) Math.ceil(weightless));
  }

  long start() {
    return end - span;
  }

  long scoreStart() {
    return end - scoreSpan;
  }

  boolean contains(long t) {
    return t >= start() && t < end;
  }

  /** Whether a line at {@code t} inside the window weighs in the score. */
  boolean scores(long t) {
    return t >= scoreStart() && t < end;
  }

  /** Whether the bucket {@code [from, to)} lies wholly inside. */
  boolean covers(long from, long to) {
    return from >= start() && to <= end;
  }

  /** Whether the bucket {@code [from, to)} lies wholly inside the part that weighs in the score. */
  boolean coversScore(long from, long to) {
    return from >= scoreStart() && to <= end;
  }

  /** Whether the directory of {@code dirHour} is read. */
  boolean reads(long dirHour) {
    return dirHour >= floorHour(start()) && dirHour <= floorHour(end - 1);
  }

  /**
   * Whether the hour bucket of {@code dirHour}'s own lines is cut by one of the window's edges (its
   * start, the start of its score, its end), so that its files must be parsed to count them.
   */
  boolean cutsHourOf(long dirHour) {
    return cuts(start(), dirHour) || cuts(scoreStart(), dirHour) || cuts(end, dirHour);
  }

  private static boolean cuts(long edge, long dirHour) {
    return floorHour(edge) == dirHour && Math.floorMod(edge, HourLayout.HOUR_MILLIS) != 0;
  }

  /** Whether no hour bucket is cut, so that a new state version may be kept. */
  boolean wholeHours() {
    return Math.floorMod(end, HourLayout.HOUR_MILLIS) == 0;
  }

  static long floorHour(long t) {
    return t - Math.floorMod(t, HourLayout.HOUR_MILLIS);
  }
}
