package io.salesrank.mr;

/** Counters of both steps; malformed lines are counted per reason in {@link Malformed}. */
public enum SalesRankCounters {
  /** Every line the mapper was given, whatever it turned out to be. */
  LINES_READ,
  HEADER_LINES,
  EMPTY_LINES,
  MALFORMED_LINES,
  /** Well-formed sales whose timestamp lies outside the window. */
  OUTSIDE_WINDOW,
  /** Sales inside the window: the lines the ranking counts. */
  COUNTED,
  /** Step 2: rows written to the ranking, and categories (overall included) ranked. */
  RANKED_ROWS,
  RANKED_CATEGORIES,
  /** Step 1: map tasks run, and their own time (reading, parsing, summing, emitting) summed over them. */
  MAP_TASKS,
  MAP_TASK_MICROS
}
