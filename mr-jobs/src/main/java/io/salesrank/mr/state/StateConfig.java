package io.salesrank.mr.state;

import java.util.regex.Pattern;

import io.salesrank.mr.rules.RankingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Configuration keys of the incremental step, with typed accessors; the only place they are spelled. */
final class StateConfig {

  /** The name of a state version directory ({@code StateStore} makes them); the number is group 1. */
  static final Pattern VERSION = Pattern.compile("v-(\\d{8})");

  /** The plan the mappers follow ({@link IncrementalPlan#write}). */
  static final String PLAN = "salesrank.state.plan";
  /** The end of the state's totals, epoch milliseconds; absent when the state is built anew. */
  static final String FROM_MILLIS = "salesrank.state.from.millis";
  /** The state version whose totals the reducers merge, one part per reducer; absent when built anew. */
  static final String TOTALS = "salesrank.state.totals";
  /** Whether parsed files' partial sums are written for a new state version. */
  static final String KEEP_SUMS = "salesrank.state.keep-sums";

  /** Named output (and directory) of each reducer's best N of each category, which step 2 ranks. */
  static final String CANDIDATES_OUTPUT = "candidates";
  /** Named output of the partial sums of each parsed file. */
  static final String SUMS_OUTPUT = "sums";
  /** Named output of {@code fileId TAB minBucket TAB maxBucketEnd} lines about each parsed file. */
  static final String FILES_OUTPUT = "files";

  private StateConfig() {
  }

  static void setPlan(Configuration conf, Path plan) {
    conf.set(PLAN, plan.toString());
  }

  static Path getPlan(Configuration conf) {
    return new Path(require(conf, PLAN));
  }

  static void setFrom(Configuration conf, long fromMillis) {
    conf.setLong(FROM_MILLIS, fromMillis);
  }

  /** The state's end, or {@link Long#MIN_VALUE} when there is no state to start from. */
  static long getFrom(Configuration conf) {
    return conf.getLong(FROM_MILLIS, Long.MIN_VALUE);
  }

  static void setTotals(Configuration conf, Path versionDir) {
    conf.set(TOTALS, versionDir.toString());
  }

  /** The state version whose totals to merge, or null. */
  static Path getTotals(Configuration conf) {
    String totals = conf.get(TOTALS);
    return totals == null ? null : new Path(totals);
  }

  static void setKeepSums(Configuration conf, boolean keep) {
    conf.setBoolean(KEEP_SUMS, keep);
  }

  static boolean getKeepSums(Configuration conf) {
    return conf.getBoolean(KEEP_SUMS, false);
  }

  /** Whether the state keeps a trend's two sums of a product paired ({@code SumKeys.setPaired}). */
  static boolean isPaired(Configuration conf) {
    return RankingPolicy.readFrom(conf).kind() == RankingPolicy.Kind.TREND;
  }

  private static String require(Configuration conf, String key) {
    String value = conf.get(key);
    if (value == null) {
      throw new IllegalStateException(key + " is not set");
    }
    return value;
  }
}
