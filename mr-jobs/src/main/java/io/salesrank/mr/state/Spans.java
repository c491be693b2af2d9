package io.salesrank.mr.state;

import java.util.ArrayList;
import java.util.List;

import io.salesrank.mr.rules.RankingPolicy;

/**
 * The windows of a run that ranks over several spans (sparse categories fall back, docs/ranking-rules.md),
 * all ending at the same instant, shortest first; one window for a run without fallbacks. The longest
 * decides which hour directories are read; a file's partial sums must be read again when any window's
 * edge moved across them.
 */
final class Spans {

  private final List<Window> windows;

  private Spans(List<Window> windows) {
    this.windows = List.copyOf(windows);
  }

  static Spans of(long end, List<RankingPolicy> spans) {
    List<Window> windows = new ArrayList<>();
    for (RankingPolicy p : spans) {
      windows.add(Window.of(end, p));
    }
    return new Spans(windows);
  }

  int size() {
    return windows.size();
  }

  Window get(int i) {
    return windows.get(i);
  }

  Window longest() {
    return windows.get(windows.size() - 1);
  }

  long end() {
    return windows.get(0).end();
  }

  /** Whether the directory of {@code dirHour} is read: by the longest window. */
  boolean reads(long dirHour) {
    return longest().reads(dirHour);
  }

  /** Whether some window cuts the hour bucket of {@code dirHour}'s own lines ({@link Window#cutsHourOf}). */
  boolean cutsHourOf(long dirHour) {
    for (Window w : windows) {
      if (w.cutsHourOf(dirHour)) {
        return true;
      }
    }
    return false;
  }

  boolean wholeHours() {
    return windows.get(0).wholeHours();
  }
}
