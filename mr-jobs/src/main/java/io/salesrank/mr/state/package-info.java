/**
 * The carried state of incremental runs ({@code --state DIR}): per input file, its lines' partial sums
 * by the hour (or, for a line filed in another hour's directory, the minute) of their own timestamp,
 * and the running totals of the last hourly run. A run parses only new or changed files and the
 * window's edges, adds and subtracts the rest from the state, and commits a new version atomically.
 */
package io.salesrank.mr.state;
