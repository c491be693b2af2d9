package io.salesrank.mr.state;

import io.salesrank.mr.HourLayout;

/**
 * A ranking's window {@code [end - span, end)} and the hour directories it reads: those that overlap
 * it (CONTRACT section 2). Times are epoch milliseconds.
 */
record Window(long end, long span) {

  static Window of(long end, int spanHours) {
    return new Window(end, spanHours * HourLayout.HOUR_MILLIS);
  }

  long start() {
    return end - span;
  }

  boolean contains(long t) {
    return t >= start() && t < end;
  }

  /** Whether the bucket {@code [from, to)} lies wholly inside. */
  boolean covers(long from, long to) {
    return from >= start() && to <= end;
  }

  /** Whether the bucket {@code [from, to)} lies partly inside and partly outside. */
  boolean cuts(long from, long to) {
    return from < end && to > start() && !covers(from, to);
  }

  /** Whether the directory of {@code dirHour} is read. */
  boolean reads(long dirHour) {
    return dirHour >= floorHour(start()) && dirHour <= floorHour(end - 1);
  }

  /** Whether the end falls on a whole hour, so that no hour bucket is cut. */
  boolean wholeHours() {
    return Math.floorMod(end, HourLayout.HOUR_MILLIS) == 0;
  }

  static long floorHour(long t) {
    return t - Math.floorMod(t, HourLayout.HOUR_MILLIS);
  }
}
