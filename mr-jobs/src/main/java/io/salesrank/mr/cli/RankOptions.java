package io.salesrank.mr.cli;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What step 1 ranks, shared by rank, sum and run: {@code --input}, the policy
 * ({@code --window-hours N | --half-life-hours H [--lookback-hours L] | --trend-hours T [--trend-min-units M]}), the rules ({@code --metric},
 * {@code --category-tree}, {@code --product-parent}, {@code --min-products}, {@code --fallback-hours}),
 * {@code --name} and {@code --max-malformed-ratio}. When the ranking ends is the command's own ({@link EndOptions}).
 */
public final class RankOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "ROOT",
      description = "Root of the hourly sales logs (ROOT/YYYY/MM/DD/HH/), local path or any Hadoop URI.")
  String input;

  @Option(names = "--window-hours", paramLabel = "N",
      description = "Rank by units sold in the trailing N hours (default " + RankingPolicy.DEFAULT_WINDOW_HOURS + ").")
  Integer windowHours;

  @Option(names = "--half-life-hours", paramLabel = "H",
      description = "Rank by exponentially decayed units with this half-life, instead of a window.")
  Double halfLifeHours;

  @Option(names = "--lookback-hours", paramLabel = "L",
      description = "With --half-life-hours: how far back lines count (default "
          + RankingPolicy.DEFAULT_LOOKBACK_HOURS + ").")
  Integer lookbackHours;

  @Option(names = "--trend-hours", paramLabel = "T",
      description = "Rank what sells faster now: units in the last T hours (1.." + RankingPolicy.MAX_TREND_HOURS
          + ") minus units in the T hours before, instead of a window.")
  Integer trendHours;

  @Option(names = "--trend-min-units", paramLabel = "M",
      description = "With --trend-hours: only products with at least M units in the last T hours (default "
          + RankingPolicy.DEFAULT_TREND_MIN_UNITS + ").")
  Long trendMinUnits;

  @Option(names = "--metric", paramLabel = "units|orders",
      description = "What a line weighs in the score: its units (default), or one order (+1 a sale, -1 a return).")
  String metric;

  @Option(names = "--category-tree", paramLabel = "FILE",
      description = "Category tree (category_id TAB parent_id a line, any Hadoop path): a sale also counts in"
          + " every ancestor of its category.")
  String categoryTree;

  @Option(names = "--product-parent", paramLabel = "FILE",
      description = "Variants to roll up (product_id TAB parent_id a line, any Hadoop path): a variant's sales"
          + " count as its parent's, before every other rule.")
  String productParent;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The ranking's name, " + Ids.NAME_PATTERN + " (default " + Ids.DEFAULT_RANKING + "): each name"
          + " has its own current ranking, history and comparisons.")
  String name;

  @Option(names = "--min-products", paramLabel = "N",
      description = "A category with fewer than N products is ranked over the first fallback span that gives"
          + " it N (default 0: off).")
  Integer minProducts;

  @Option(names = "--fallback-hours", paramLabel = "H1,H2,...", split = ",", hideParamSyntax = true,
      description = "With --min-products: the fallback spans, increasing, each above the policy's"
          + " (default 336,720,2160).")
  List<Integer> fallbackHours;

  @Option(names = "--max-malformed-ratio", paramLabel = "R", defaultValue = "" + RankRequest.DEFAULT_MAX_MALFORMED_RATIO,
      description = "Fail, ranking nothing, when more than this share of lines is malformed (default ${DEFAULT-VALUE}).")
  double maxMalformedRatio;

  /**
   * The policy the options name or, without any, the one the {@code salesrank.policy.*} configuration
   * keys name (how the Oozie workflow passes it), else a week's window; a contradiction or out-of-range
   * value is a usage error.
   */
  public RankingPolicy policy(Configuration conf) {
    if (windowHours == null && halfLifeHours == null && lookbackHours == null && trendHours == null
        && trendMinUnits == null) {
      try {
        RankingPolicy configured = RankingPolicy.configured(conf);
        if (configured != null) {
          return configured;
        }
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    if ((windowHours != null ? 1 : 0) + (halfLifeHours != null ? 1 : 0) + (trendHours != null ? 1 : 0) > 1) {
      throw usage("--window-hours, --half-life-hours and --trend-hours exclude each other");
    }
    if (trendMinUnits != null && trendHours == null) {
      throw usage("--trend-min-units needs --trend-hours");
    }
    if (lookbackHours != null && halfLifeHours == null) {
      throw usage("--lookback-hours needs --half-life-hours");
    }
    try {
      if (trendHours != null) {
        return RankingPolicy.trend(trendHours, trendMinUnits == null ? RankingPolicy.DEFAULT_TREND_MIN_UNITS : trendMinUnits);
      }
      return halfLifeHours != null
          ? RankingPolicy.decay(halfLifeHours, lookbackHours == null ? RankingPolicy.DEFAULT_LOOKBACK_HOURS : lookbackHours)
          : RankingPolicy.window(windowHours == null ? RankingPolicy.DEFAULT_WINDOW_HOURS : windowHours);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /**
   * The rules the options name, each falling back to its {@code salesrank.policy.*} configuration key
   * (how the Oozie workflow passes them), fitted to {@code policy}; a wrong value is a usage error.
   */
  public RankingRules rules(Configuration conf, RankingPolicy policy) {
    try {
      String metricName = metric != null ? metric : conf.getTrimmed(SalesRankConfig.METRIC, "");
      String tree = categoryTree != null ? categoryTree : conf.getTrimmed(SalesRankConfig.CATEGORY_TREE_OPTION, "");
      String parents = productParent != null ? productParent
          : conf.getTrimmed(SalesRankConfig.PRODUCT_PARENT_OPTION, "");
      int min = minProducts != null ? minProducts : conf.getInt(SalesRankConfig.MIN_PRODUCTS, 0);
      if (policy.kind() == RankingPolicy.Kind.TREND && min > 0) {
        throw new IllegalArgumentException("--min-products does not apply to --trend-hours: a trend has no"
            + " fallback span");
      }
      if (fallbackHours != null && min == 0) {
        throw new IllegalArgumentException("--fallback-hours needs --min-products");
      }
      List<Integer> fallbacks = fallbackHours;
      String configured = conf.getTrimmed(SalesRankConfig.FALLBACK_HOURS_OPTION, "");
      if (fallbacks == null && min > 0 && !configured.isEmpty()) {
        // The workflow passes its fallbacks whether or not fallback is on: they count only when it is.
        fallbacks = Arrays.stream(configured.split(",")).map(String::trim).map(Integer::valueOf).toList();
      }
      RankingRules rules = new RankingRules(
          metricName.isEmpty() ? RankingRules.Metric.UNITS : RankingRules.Metric.parse(metricName),
          tree.isEmpty() ? null : new Path(tree), min,
          fallbacks == null ? RankingRules.DEFAULT_FALLBACK_HOURS : fallbacks, parents.isEmpty() ? null : new Path(parents));
      return rules.fittedTo(policy, fallbacks != null);
    } catch (NumberFormatException e) {
      throw usage("a ranking rule is not a whole number: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** The checked request without a state (a bad value is a usage error, exit 2), its input qualified. */
  public RankRequest request(Configuration conf, Instant end, int topN) throws IOException {
    return request(conf, end, topN, null);
  }

  /** The checked request with the state in {@code state} (null: none), its paths qualified. */
  public RankRequest request(Configuration conf, Instant end, int topN, String state) throws IOException {
    if (!(maxMalformedRatio >= 0 && maxMalformedRatio <= 1)) {
      throw usage("--max-malformed-ratio must be 0..1, got " + maxMalformedRatio);
    }
    RankingPolicy policy = policy(conf);
    RankingRules rules = rules(conf, policy);
    if (rules.categoryTree() != null) {
      Path tree = rules.categoryTree();
      rules = rules.withCategoryTree(tree.getFileSystem(conf).makeQualified(tree));
    }
    if (rules.productParent() != null) {
      Path parents = rules.productParent();
      rules = rules.withProductParent(parents.getFileSystem(conf).makeQualified(parents));
    }
    String rankingName = name != null ? name : conf.getTrimmed(SalesRankConfig.RANKING_NAME, Ids.DEFAULT_RANKING);
    if (!Ids.isRankingName(rankingName)) {
      throw usage("--name must match " + Ids.NAME_PATTERN + ", got '" + rankingName + "'");
    }
    Path in = new Path(input);
    Path stateDir = state == null ? null : new Path(state);
    return new RankRequest(in.getFileSystem(conf).makeQualified(in), end, policy, rules, topN, maxMalformedRatio,
        stateDir == null ? null : stateDir.getFileSystem(conf).makeQualified(stateDir), rankingName);
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
