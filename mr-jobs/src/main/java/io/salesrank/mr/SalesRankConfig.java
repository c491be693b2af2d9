package io.salesrank.mr;

import java.time.Instant;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * Configuration keys the jobs read, the only place they are spelled, with the accessors of the job's
 * own settings; the policy and the rules read and write theirs ({@code RankingPolicy}, {@code RankingRules},
 * {@code RankRequest}, {@code ShippedTree}, {@code ShippedParents}).
 */
public final class SalesRankConfig {

  public static final String POLICY_KIND = "salesrank.policy.kind";
  public static final String WINDOW_HOURS = "salesrank.policy.window.hours";
  public static final String HALF_LIFE_HOURS = "salesrank.policy.half-life.hours";
  public static final String LOOKBACK_HOURS = "salesrank.policy.lookback.hours";
  public static final String TREND_HOURS = "salesrank.policy.trend.hours";
  public static final String TREND_MIN_UNITS = "salesrank.policy.trend.min-units";
  /**
   * What a line weighs ({@code units} or {@code orders}) and the products below which a category falls
   * back to a longer span: one key each, read by {@code rank} and {@code run} when their option is not
   * given (how the Oozie workflow passes them) and by the jobs.
   */
  public static final String METRIC = "salesrank.policy.metric";
  public static final String MIN_PRODUCTS = "salesrank.policy.min-products";
  /** The tree file, the product parent file and the fallback spans as the user names them (docs/ranking-rules.md). */
  public static final String CATEGORY_TREE_OPTION = "salesrank.policy.category-tree";
  public static final String PRODUCT_PARENT_OPTION = "salesrank.policy.product-parent";
  /** The ranking's name ({@code --name}), read by {@code rank} and {@code run} when the option is not given. */
  public static final String RANKING_NAME = "salesrank.ranking.name";
  public static final String FALLBACK_HOURS_OPTION = "salesrank.policy.fallback-hours";
  /** The hours of every span a run ranks over, the policy's first; absent: the policy's alone. */
  public static final String SPAN_HOURS = "salesrank.rules.span-hours";
  /** The validated copy of the category tree the tasks read (also in the distributed cache); absent: none. */
  public static final String CATEGORY_TREE = "salesrank.rules.category-tree";
  /** The image of the checked product parent file the tasks load (also in the distributed cache), and its file's digest. */
  public static final String PRODUCT_PARENT = "salesrank.rules.product-parent";
  public static final String PRODUCT_PARENT_SHA256 = "salesrank.rules.product-parent.sha256";
  /** Whether step 2's input carries each category's product counts (a state's candidates) or is every total. */
  public static final String COUNTS_UPSTREAM = "salesrank.top.counts-upstream";
  /** Exclusive end of the ranking's window, epoch milliseconds. */
  public static final String END_MILLIS = "salesrank.end.millis";
  public static final String TOP_N = "salesrank.top.n";
  /** The local job runner's map and reduce threads (its default is one of each). */
  public static final String LOCAL_MAPS = "mapreduce.local.map.tasks.maximum";
  /** The smallest sort buffer {@link #sizeSortBuffer} gives a map task, in MB. */
  static final int MIN_SORT_MB = 16;
  public static final String LOCAL_REDUCES = "mapreduce.local.reduce.tasks.maximum";
  /** Malformed-line examples (file, offset, reason) each map task keeps for the report. */
  public static final String MALFORMED_EXAMPLES_PER_TASK = "salesrank.malformed.examples.per-task";

  /** Distinct keys a map task sums in memory before it hands them to the shuffle. */
  public static final String MAP_AGGREGATE_MAX_KEYS = "salesrank.map.aggregate.max-keys";

  public static final int DEFAULT_TOP_N = 100;
  public static final int DEFAULT_MAP_AGGREGATE_MAX_KEYS = 500_000;
  public static final int MAX_TOP_N = 100_000;
  public static final int DEFAULT_MALFORMED_EXAMPLES_PER_TASK = 10;

  private SalesRankConfig() {
  }

  public static void setEnd(Configuration conf, Instant end) {
    conf.setLong(END_MILLIS, end.toEpochMilli());
  }

  public static long getEndMillis(Configuration conf) {
    long end = conf.getLong(END_MILLIS, Long.MIN_VALUE);
    if (end == Long.MIN_VALUE) {
      throw new IllegalStateException(END_MILLIS + " is not set");
    }
    return end;
  }

  public static void setTopN(Configuration conf, int n) {
    conf.setInt(TOP_N, n);
  }

  public static int getTopN(Configuration conf) {
    return conf.getInt(TOP_N, DEFAULT_TOP_N);
  }

  public static int getMapAggregateMaxKeys(Configuration conf) {
    return conf.getInt(MAP_AGGREGATE_MAX_KEYS, DEFAULT_MAP_AGGREGATE_MAX_KEYS);
  }

  public static int getMalformedExamplesPerTask(Configuration conf) {
    return conf.getInt(MALFORMED_EXAMPLES_PER_TASK, DEFAULT_MALFORMED_EXAMPLES_PER_TASK);
  }

  /**
   * A copy of {@code conf} for a job: on the local runner, every core for maps and reduces unless told
   * otherwise (its default is one thread), the tasks' progress reported every second, and the reducers'
   * shuffled map outputs kept in memory for the reduce ({@link #keepShuffleInMemory}). On a cluster the
   * cluster's settings stand.
   */
  public static Configuration withLocalParallelism(Configuration conf) {
    Configuration copy = new Configuration(conf);
    if (!isLocalRunner(copy)) {
      return copy;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    for (String key : List.of(LOCAL_MAPS, LOCAL_REDUCES, MRJobConfig.NUM_REDUCES)) {
      if (!isExplicit(copy, key)) {
        copy.setInt(key, cores);
      }
    }
    // The tasks' progress and counters reach the driver's progress lines every second (default 3 s).
    if (!isExplicit(copy, MRJobConfig.TASK_PROGRESS_REPORT_INTERVAL)) {
      copy.setLong(MRJobConfig.TASK_PROGRESS_REPORT_INTERVAL, 1000);
    }
    if (!isExplicit(copy, MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT)) {
      keepShuffleInMemory(copy);
    }
    return copy;
  }

  /**
   * Hadoop's default ({@code mapreduce.reduce.input.buffer.percent} 0) makes each reducer, once its
   * map outputs are shuffled into memory, merge them into a file on disk and read that file back for
   * the reduce: every byte written, checksummed and read again (a third of step 1's reduce phase over
   * the benchmark week, bench/RESULTS.md). The reducers here need little memory of their own (a running
   * sum, each category's best N), so they keep what the shuffle already holds in memory: the shuffle's
   * own share of the heap, divided among the reduce threads that share this JVM, so that together they
   * hold no more than one shuffle may. A map output beyond that share is merged to disk as before.
   */
  static void keepShuffleInMemory(Configuration jobConf) {
    float shuffle = jobConf.getFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT,
        MRJobConfig.DEFAULT_SHUFFLE_INPUT_BUFFER_PERCENT);
    int reduces = Math.max(1, jobConf.getInt(LOCAL_REDUCES, 1));
    jobConf.setFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, shuffle / reduces);
  }

  /**
   * On the local runner, sizes the map tasks' sort buffer ({@code mapreduce.task.io.sort.mb}) to what each
   * reads, between 16 MB and the configured size (Hadoop's 100 MB), unless set explicitly: Hadoop allocates
   * and clears the whole buffer as each map task starts, and an hourly run's tasks (the new hour, a leaving
   * hour's partial sums, step 2's candidates) read a few megabytes each; 100 MB a task cost 8% of such a
   * run (bench/RESULTS.md). A task's output is taken as at most three times its input (keys, values and
   * the buffer's 16 bytes a record); more only spills more often.
   */
  public static void sizeSortBuffer(Configuration jobConf, long mapInputBytes) {
    if (!isLocalRunner(jobConf) || isExplicit(jobConf, MRJobConfig.IO_SORT_MB)) {
      return;
    }
    int tasks = Math.max(1, jobConf.getInt(LOCAL_MAPS, 1));
    long perTask = (Math.max(0, mapInputBytes) + tasks - 1) / tasks;
    long needed = (3 * perTask + (1 << 20) - 1) >> 20;
    int configured = jobConf.getInt(MRJobConfig.IO_SORT_MB, MRJobConfig.DEFAULT_IO_SORT_MB);
    jobConf.setInt(MRJobConfig.IO_SORT_MB, (int) Math.min(configured, Math.max(MIN_SORT_MB, needed)));
  }

  /** Whether jobs of {@code conf} run on Hadoop's local runner (the default) rather than a cluster. */
  public static boolean isLocalRunner(Configuration conf) {
    return MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
  }

  private static boolean isExplicit(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return false;
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }
}
