package io.salesrank.mr.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The ranking rules beside the policy (docs/ranking-rules.md): what a line weighs ({@link Metric}), the
 * category tree whose parents a line also counts in, the fallback spans of sparse categories, and the
 * product parent file whose variants count as their parent.
 *
 * @param categoryTree the tree file as given (any Hadoop path), or null for none
 * @param minProducts a category with fewer products over the policy's span falls back; 0: never
 * @param fallbackHours the longer spans to fall back to, increasing, as given or by default
 * @param productParent the product parent file as given (any Hadoop path), or null for none
 */
public record RankingRules(Metric metric, Path categoryTree, int minProducts, List<Integer> fallbackHours,
    Path productParent) {

  /** What counts in a line's score. */
  public enum Metric {
    /** The line's quantity. */
    UNITS,
    /** One order: +1 for a sale, -1 for a return, 0 for a zero quantity. */
    ORDERS;

    /** What {@code qty} weighs in a score. */
    public int scored(int qty) {
      return this == UNITS ? qty : Integer.signum(qty);
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code units} or {@code orders} */
    public static Metric parse(String s) {
      for (Metric m : values()) {
        if (m.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("the metric must be units or orders, got '" + s + "'");
    }
  }

  public static final List<Integer> DEFAULT_FALLBACK_HOURS = List.of(336, 720, 2160);
  /** Spans of one run: the policy's and at most this many fallbacks (a span is one digit in a key). */
  public static final int MAX_FALLBACKS = 8;

  public static final RankingRules DEFAULT = new RankingRules(Metric.UNITS, null, 0, DEFAULT_FALLBACK_HOURS, null);

  /** The rules without a product parent file. */
  public RankingRules(Metric metric, Path categoryTree, int minProducts, List<Integer> fallbackHours) {
    this(metric, categoryTree, minProducts, fallbackHours, null);
  }

  public RankingRules {
    if (metric == null) {
      throw new IllegalArgumentException("a metric is required");
    }
    if (minProducts < 0) {
      throw new IllegalArgumentException("--min-products must be 0 or more, got " + minProducts);
    }
    fallbackHours = List.copyOf(fallbackHours);
    if (fallbackHours.isEmpty() || fallbackHours.size() > MAX_FALLBACKS) {
      throw new IllegalArgumentException("--fallback-hours takes 1 to " + MAX_FALLBACKS + " spans, got "
          + fallbackHours.size());
    }
    for (int i = 0; i < fallbackHours.size(); i++) {
      int h = fallbackHours.get(i);
      if (h < 1 || h > RankingPolicy.MAX_HOURS) {
        throw new IllegalArgumentException("--fallback-hours must be 1.." + RankingPolicy.MAX_HOURS + ", got " + h);
      }
      if (i > 0 && h <= fallbackHours.get(i - 1)) {
        throw new IllegalArgumentException("--fallback-hours must increase, got " + fallbackHours);
      }
    }
  }

  /** What a line weighs in a job, as {@link RankRequest#writeTo} wrote it (units when not set). */
  public static Metric metric(Configuration conf) {
    return Metric.parse(conf.get(SalesRankConfig.METRIC, Metric.UNITS.wireName()));
  }

  /** The products below which a category falls back, in a job (0: no fallback). */
  public static int minProducts(Configuration conf) {
    return conf.getInt(SalesRankConfig.MIN_PRODUCTS, 0);
  }

  /**
   * The policy over each span of a job's run, the policy's own first (a single span is the policy's own;
   * a trend's state sums two windows, {@link RankingPolicy#trendSpans}).
   */
  public static List<RankingPolicy> spans(Configuration conf) {
    RankingPolicy policy = RankingPolicy.readFrom(conf);
    String hours = conf.get(SalesRankConfig.SPAN_HOURS);
    if (hours == null || hours.indexOf(',') < 0) {
      return List.of(policy);
    }
    return Arrays.stream(hours.split(",")).map(h -> policy.withSpanHours(Integer.parseInt(h))).toList();
  }

  /** The hours of each span of a job's run, the policy's first; a single 0 when not set (one span). */
  public static int[] spanHours(Configuration conf) {
    String hours = conf.get(SalesRankConfig.SPAN_HOURS);
    return hours == null ? new int[] {0} : Arrays.stream(hours.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** Writes a job's spans (their hours, the policy's first) and fallback threshold. */
  public static void writeSpans(Configuration conf, List<Integer> spanHours, int minProducts) {
    conf.set(SalesRankConfig.SPAN_HOURS, spanHours.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(",")));
    conf.setInt(SalesRankConfig.MIN_PRODUCTS, minProducts);
  }

  public RankingRules withMetric(Metric m) {
    return new RankingRules(m, categoryTree, minProducts, fallbackHours, productParent);
  }

  public RankingRules withCategoryTree(Path tree) {
    return new RankingRules(metric, tree, minProducts, fallbackHours, productParent);
  }

  public RankingRules withMinProducts(int n, List<Integer> fallbacks) {
    return new RankingRules(metric, categoryTree, n, fallbacks, productParent);
  }

  public RankingRules withProductParent(Path file) {
    return new RankingRules(metric, categoryTree, minProducts, fallbackHours, file);
  }

  /**
   * These rules fitted to {@code policy}: fallbacks the contract's defaults give that are not above the
   * policy's own span are left out (a decay's default lookback is 2160 h); fallbacks the user gave must
   * each be above it.
   *
   * @throws IllegalArgumentException when a given fallback is not above the policy's span, or none is left
   */
  public RankingRules fittedTo(RankingPolicy policy, boolean fallbacksGiven) {
    if (minProducts == 0) {
      return this;
    }
    List<Integer> above = new ArrayList<>();
    for (int h : fallbackHours) {
      if (h > policy.spanHours()) {
        above.add(h);
      } else if (fallbacksGiven) {
        throw new IllegalArgumentException("each --fallback-hours span must be above the policy's "
            + policy.spanHours() + " h, got " + h);
      }
    }
    if (above.isEmpty()) {
      throw new IllegalArgumentException("--min-products needs a fallback span above the policy's "
          + policy.spanHours() + " h: give --fallback-hours");
    }
    return withMinProducts(minProducts, above);
  }

  /**
   * The spans of a run by {@code policy}, shortest first: the policy itself, then (when sparse categories
   * fall back) the policy over each fallback span.
   */
  public List<RankingPolicy> spans(RankingPolicy policy) {
    List<RankingPolicy> spans = new ArrayList<>();
    spans.add(policy);
    if (minProducts > 0) {
      for (int h : fallbackHours) {
        if (h <= policy.spanHours()) {
          throw new IllegalArgumentException("fallback span " + h + " h is not above the policy's "
              + policy.spanHours() + " h");
        }
        spans.add(policy.withSpanHours(h));
      }
    }
    return spans;
  }
}
