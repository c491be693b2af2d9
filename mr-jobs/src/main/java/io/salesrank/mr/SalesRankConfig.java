package io.salesrank.mr;

import java.time.Instant;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;

/** Configuration keys the jobs read, with typed accessors; the only place they are spelled. */
public final class SalesRankConfig {

  public static final String POLICY_KIND = "salesrank.policy.kind";
  public static final String WINDOW_HOURS = "salesrank.policy.window.hours";
  public static final String HALF_LIFE_HOURS = "salesrank.policy.half-life.hours";
  public static final String LOOKBACK_HOURS = "salesrank.policy.lookback.hours";
  /** The ranking rules as the Oozie workflow passes them (CONTRACT section 2), read by {@code rank} and {@code run}. */
  public static final String METRIC_OPTION = "salesrank.policy.metric";
  public static final String CATEGORY_TREE_OPTION = "salesrank.policy.category-tree";
  public static final String MIN_PRODUCTS_OPTION = "salesrank.policy.min-products";
  public static final String FALLBACK_HOURS_OPTION = "salesrank.policy.fallback-hours";
  /** What a line weighs in the jobs: {@code UNITS} or {@code ORDERS}. */
  public static final String METRIC = "salesrank.rules.metric";
  /** The hours of every span a run ranks over, the policy's first; absent: the policy's alone. */
  public static final String SPAN_HOURS = "salesrank.rules.span-hours";
  /** Products below which a category falls back to a longer span. */
  public static final String MIN_PRODUCTS = "salesrank.rules.min-products";
  /** The validated category tree the tasks read (also in the distributed cache); absent: none. */
  public static final String CATEGORY_TREE = "salesrank.rules.category-tree";
  /** Whether step 2's input carries each category's product counts (a state's candidates) or is every total. */
  public static final String COUNTS_UPSTREAM = "salesrank.top.counts-upstream";
  /** Exclusive end of the ranking's window, epoch milliseconds. */
  public static final String END_MILLIS = "salesrank.end.millis";
  public static final String TOP_N = "salesrank.top.n";
  /** The local job runner's map and reduce threads (its default is one of each). */
  public static final String LOCAL_MAPS = "mapreduce.local.map.tasks.maximum";
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

  public static void setPolicy(Configuration conf, RankingPolicy policy) {
    conf.set(POLICY_KIND, policy.kind().name());
    conf.setInt(WINDOW_HOURS, policy.windowHours());
    conf.setDouble(HALF_LIFE_HOURS, policy.halfLifeHours());
    conf.setInt(LOOKBACK_HOURS, policy.lookbackHours());
  }

  public static RankingPolicy getPolicy(Configuration conf) {
    String kind = conf.get(POLICY_KIND);
    if (kind == null) {
      throw new IllegalStateException(POLICY_KIND + " is not set");
    }
    return new RankingPolicy(RankingPolicy.Kind.valueOf(kind), conf.getInt(WINDOW_HOURS, 0),
        conf.getDouble(HALF_LIFE_HOURS, 0), conf.getInt(LOOKBACK_HOURS, 0));
  }

  /**
   * The policy the {@code salesrank.policy.*} keys name, as the Oozie workflow passes it: kind
   * {@code window} (with {@link #WINDOW_HOURS}) or {@code decay} (with {@link #HALF_LIFE_HOURS} and
   * {@link #LOOKBACK_HOURS}); the other kind's keys are ignored. Null when no kind is set.
   *
   * @throws IllegalArgumentException naming the key whose value is wrong
   */
  public static RankingPolicy getConfiguredPolicy(Configuration conf) {
    String kind = conf.getTrimmed(POLICY_KIND);
    if (kind == null || kind.isEmpty()) {
      return null;
    }
    try {
      return switch (kind.toLowerCase(Locale.ROOT)) {
        case "window" -> RankingPolicy.window(conf.getInt(WINDOW_HOURS, RankingPolicy.DEFAULT_WINDOW_HOURS));
        case "decay" -> RankingPolicy.decay(conf.getDouble(HALF_LIFE_HOURS, 0),
            conf.getInt(LOOKBACK_HOURS, RankingPolicy.DEFAULT_LOOKBACK_HOURS));
        default -> throw new IllegalArgumentException(POLICY_KIND + " must be window or decay, got " + kind);
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a " + POLICY_KIND.substring(0, POLICY_KIND.lastIndexOf('.'))
          + ".* value is not a number: " + e.getMessage());
    }
  }

  /** The rules of {@code request} for the jobs; the tree (when used) is {@code tree}, already validated. */
  public static void setRules(Configuration conf, RankRequest request, ShippedTree tree) {
    setPolicy(conf, request.policy());
    conf.set(METRIC, request.rules().metric().name());
    conf.set(SPAN_HOURS, request.spans().stream().map(p -> String.valueOf(p.spanHours()))
        .collect(java.util.stream.Collectors.joining(",")));
    conf.setInt(MIN_PRODUCTS, request.rules().minProducts());
    if (tree != null) {
      conf.set(CATEGORY_TREE, tree.copy().toString());
    } else {
      conf.unset(CATEGORY_TREE);
    }
  }

  public static RankingRules.Metric getMetric(Configuration conf) {
    return RankingRules.Metric.valueOf(conf.get(METRIC, RankingRules.Metric.UNITS.name()));
  }

  /** The policy over each span of the run, the policy's own first. */
  public static java.util.List<RankingPolicy> getSpans(Configuration conf) {
    RankingPolicy policy = getPolicy(conf);
    java.util.List<RankingPolicy> spans = new java.util.ArrayList<>();
    String hours = conf.get(SPAN_HOURS);
    if (hours == null) {
      spans.add(policy);
      return spans;
    }
    for (String h : hours.split(",")) {
      spans.add(policy.withSpanHours(Integer.parseInt(h)));
    }
    return spans;
  }

  /** The hours of each span of the run, the policy's first; a single 0 when the spans are not set (one span). */
  public static int[] getSpanHours(Configuration conf) {
    String hours = conf.get(SPAN_HOURS);
    return hours == null ? new int[] {0} : java.util.Arrays.stream(hours.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  public static int getMinProducts(Configuration conf) {
    return conf.getInt(MIN_PRODUCTS, 0);
  }

  /** The validated tree the tasks read, or null. */
  public static String getCategoryTree(Configuration conf) {
    return conf.get(CATEGORY_TREE);
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
}
