package io.salesrank.mr.rules;

import java.time.Duration;
import java.time.Instant;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What to rank: the sales logs under {@code input}, as of {@code end} (exclusive), by {@code policy},
 * keeping the best {@code topN} of each category, refused when more than {@code maxMalformedRatio}
 * of the lines read are malformed, with the {@code rules} of docs/ranking-rules.md; with what earlier
 * runs learned kept in {@code state} (null: none); published as the ranking {@code name}.
 */
public record RankRequest(Path input, Instant end, RankingPolicy policy, RankingRules rules, int topN,
    double maxMalformedRatio, Path state, String name) {

  public RankRequest {
    if (!Ids.isRankingName(name)) {
      throw new IllegalArgumentException("a ranking name must match " + Ids.NAME_PATTERN + ", got '" + name + "'");
    }
  }

  /** A request for the ranking named {@code default}. */
  public RankRequest(Path input, Instant end, RankingPolicy policy, RankingRules rules, int topN,
      double maxMalformedRatio, Path state) {
    this(input, end, policy, rules, topN, maxMalformedRatio, state, Ids.DEFAULT_RANKING);
  }

  public static final double DEFAULT_MAX_MALFORMED_RATIO = 0.01;

  /** The defaults of {@code rank} and {@code run}: a week's window, the top 100, 1% malformed at most. */
  public static RankRequest defaults(Path input, Instant end) {
    return new RankRequest(input, end, RankingPolicy.window(RankingPolicy.DEFAULT_WINDOW_HOURS),
        RankingRules.DEFAULT, SalesRankConfig.DEFAULT_TOP_N, DEFAULT_MAX_MALFORMED_RATIO, null);
  }

  /** The same request, as of {@code otherEnd}. */
  public RankRequest endingAt(Instant otherEnd) {
    return new RankRequest(input, otherEnd, policy, rules, topN, maxMalformedRatio, state, name);
  }

  /** The spans this request ranks over, shortest first: the policy's, then any fallbacks. */
  public java.util.List<RankingPolicy> spans() {
    return rules.spans(policy);
  }

  /** The longest span, which decides the hour directories read. */
  public RankingPolicy longestSpan() {
    java.util.List<RankingPolicy> spans = spans();
    return spans.get(spans.size() - 1);
  }

  /**
   * Writes the policy and the rules into a job's configuration: the policy, the metric, every span and
   * the fallback threshold ({@link RankingRules#spans} and the others read them back). The tree's copy
   * is the tree's to write.
   */
  public void writeTo(Configuration conf) {
    policy.writeTo(conf);
    conf.set(SalesRankConfig.METRIC, rules.metric().wireName());
    RankingRules.writeSpans(conf, spans().stream().map(RankingPolicy::spanHours).toList(), rules.minProducts());
  }

  /** The policy and the rules, as progress lines say them. */
  public String describe() {
    StringBuilder s = new StringBuilder(policy.toString());
    if (rules.metric() == RankingRules.Metric.ORDERS) {
      s.append(", counting orders");
    }
    if (rules.categoryTree() != null) {
      s.append(", with the category tree");
    }
    if (rules.productParent() != null) {
      s.append(", variants rolled up to their parent");
    }
    if (rules.minProducts() > 0) {
      s.append(", categories under ").append(rules.minProducts()).append(" products falling back to ")
          .append(rules.fallbackHours()).append(" h");
    }
    return s.toString();
  }

  /** As of the end of {@code hour}. */
  public static Instant endOfHour(Instant hour) {
    return hour.plus(Duration.ofHours(1));
  }

  /** The hour a run as of {@code end} is named by: the hour that ends there, or the hour in progress. */
  public Instant hour() {
    return HourLayout.lastHour(end);
  }
}
