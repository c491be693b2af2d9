package io.salesrank.mr.ranking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import io.salesrank.shared.Ids;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a step wrote and from what: step 1 leaves it as {@code _sum.json} beside its sums, step 2
 * completes it ({@code computed_at}, rows, categories) as the ranking's {@code _ranking.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RankingManifest(
    int formatVersion,
    String name,
    String hour,
    String asOf,
    String computedAt,
    Policy policy,
    Integer top,
    Input input,
    Counts counts,
    List<MalformedExample> malformedExamples,
    Long rows,
    Integer categories,
    CategoryTree categoryTree,
    ProductParent productParent,
    Map<String, Integer> fallbacks) {

  public static final String SUM_FILE = "_sum.json";
  public static final String RANKING_FILE = "_ranking.json";
  /**
   * The category tree a run used, in the ranking directory beside {@code _ranking.json}: one category
   * a line, {@code category_id TAB parent_id}, the parent empty for a root. Absent when no tree was used.
   */
  public static final String TREE_FILE = "_tree.tsv";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The policy and the rules of a run: {@code {"kind": "window", "window_hours": 168, "metric": "units"}},
   * with {@code min_products} and {@code fallback_hours} when sparse categories fall back; a trend is
   * {@code {"kind": "trend", "trend_hours": T, "min_units": M, ...}}. A manifest written before the rules
   * existed has no metric: {@code units}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Policy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours,
      String metric, Integer minProducts, List<Integer> fallbackHours, Integer trendHours, Long minUnits) {

    public Policy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours, String metric,
        Integer minProducts, List<Integer> fallbackHours) {
      this(kind, windowHours, halfLifeHours, lookbackHours, metric, minProducts, fallbackHours, null, null);
    }

    public static Policy of(RankingPolicy p) {
      return of(p, RankingRules.DEFAULT);
    }

    public static Policy of(RankingPolicy p, RankingRules rules) {
      Integer minProducts = rules.minProducts() > 0 ? rules.minProducts() : null;
      List<Integer> fallbackHours = rules.minProducts() > 0 ? rules.fallbackHours() : null;
      String metric = rules.metric().wireName();
      return switch (p.kind()) {
        case WINDOW -> new Policy("window", p.windowHours(), null, null, metric, minProducts, fallbackHours);
        case DECAY -> new Policy("decay", null, p.halfLifeHours(), p.lookbackHours(), metric, minProducts,
            fallbackHours);
        case TREND -> new Policy("trend", null, null, null, metric, null, null, p.trendHours(), p.minUnits());
      };
    }

    /** The policy this describes (without its rules). */
    public RankingPolicy policy() {
      return switch (kind) {
        case "decay" -> RankingPolicy.decay(halfLifeHours, lookbackHours);
        case "trend" -> RankingPolicy.trend(trendHours, minUnits);
        default -> RankingPolicy.window(windowHours);
      };
    }

    /**
     * Hours {@code total_sold} sums over in every category not in {@code fallbacks}: the window, the
     * lookback, or a trend's recent span.
     */
    public int spanHours() {
      return trendHours != null ? trendHours : windowHours != null ? windowHours : lookbackHours;
    }

    /** {@code units} or {@code orders}; {@code units} for a manifest written before there was a choice. */
    public String metricOrDefault() {
      return metric == null ? RankingRules.Metric.UNITS.wireName() : metric;
    }
  }

  /** The category tree a run used: its file, how many categories it names, and a digest of its content. */
  public record CategoryTree(String file, int categories, String sha256) {
  }

  /** The product parent file a run rolled variants up by: its file, how many variants it lists, its digest. */
  public record ProductParent(String file, int variants, String sha256) {
  }

  /**
   * The hour directories of the window: those whose files this run parsed (wholly or partly), those
   * missing, those without {@code _SUCCESS}, and those it took whole from a state.
   */
  public record Input(String root, int hoursRead, int hoursMissing, int hoursWithoutDoneFlag, int hoursFromState) {

    /** A run without a state: every hour read is parsed. */
    public Input(String root, int hoursRead, int hoursMissing, int hoursWithoutDoneFlag) {
      this(root, hoursRead, hoursMissing, hoursWithoutDoneFlag, 0);
    }
  }

  public record Counts(long linesRead, long headerLines, long emptyLines, long malformed,
      Map<String, Long> malformedByReason, long outsideWindow, long counted) {
  }

  public record MalformedExample(String file, long offset, String reason) {
  }

  /** Step 1's manifest completed by step 2. */
  public RankingManifest ranked(int topN, String computedAt, long rows, int categories) {
    return new RankingManifest(formatVersion, name, hour, asOf, computedAt, policy, topN, input, counts,
        malformedExamples, rows, categories, categoryTree, productParent, fallbacks);
  }

  /** This manifest with {@code fallbacks}: each category ranked over a fallback span, and that span. */
  public RankingManifest withFallbacks(Map<String, Integer> byCategory) {
    return new RankingManifest(formatVersion, name, hour, asOf, computedAt, policy, top, input, counts,
        malformedExamples, rows, categories, categoryTree, productParent, byCategory);
  }

  /** The ranking's name; {@code default} for a manifest written before rankings had names. */
  public String nameOrDefault() {
    return name == null ? Ids.DEFAULT_RANKING : name;
  }

  /** Each category ranked over a fallback span, and that span; empty for a manifest without any. */
  public Map<String, Integer> fallbacksOrEmpty() {
    return fallbacks == null ? Map.of() : fallbacks;
  }

  public void write(FileSystem fs, Path file) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      JSON.writeValue(out, this);
    }
  }

  public static RankingManifest parse(String json) throws IOException {
    return JSON.readValue(json, RankingManifest.class);
  }

  public static RankingManifest read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, RankingManifest.class);
    }
  }
}
