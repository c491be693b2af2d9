package io.salesrank.api.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One published run in memory, immutable: its rows by category and by product, and how each category
 * was ranked (its policy, its parent); beside it the past rankings it is compared with
 * ({@link PastRanking}: at most one for each whole hour back to {@link #MAX_HOURS}) and the suppressed
 * products, which every answer leaves out, and the stock list, which every item shows. A new published
 * run, a new past ranking, a changed suppression list or stock list replaces the snapshot as a whole; the rows and past rankings are shared, not copied.
 */
public final class RankingSnapshot {

  /** The furthest back a comparison looks: {@code /movers}' largest {@code hours}. */
  public static final int MAX_HOURS = 168;
  /** How far back {@code previous_rank} compares (docs/read-api.md). */
  public static final int PREVIOUS_RANK_HOURS = 24;

  private final RunInfo run;
  private final Map<String, List<RankingRow>> byCategory;
  private final Map<String, List<RankingRow>> byProduct;
  private final Map<String, CategoryInfo> categories;
  private final List<PastRanking> past;
  private final SortedSet<String> suppressed;
  private final Stock stock;
  private final Instant changedAt;

  private RankingSnapshot(RunInfo run, Map<String, List<RankingRow>> byCategory,
      Map<String, List<RankingRow>> byProduct, Map<String, CategoryInfo> categories, List<PastRanking> past,
      SortedSet<String> suppressed, Stock stock, Instant changedAt) {
    this.run = run;
    this.byCategory = byCategory;
    this.byProduct = byProduct;
    this.categories = categories;
    this.past = past;
    this.suppressed = suppressed;
    this.stock = stock;
    this.changedAt = changedAt;
  }

  /**
   * The snapshot of {@code run} from its rows, in category then rank order, and its categories' parents
   * and spans (none for a run published before they were stored).
   */
  public static RankingSnapshot of(RunInfo run, List<RankingRow> rows, Map<String, CategoryInfo> categories) {
    Map<String, List<RankingRow>> byCategory = new TreeMap<>();
    Map<String, List<RankingRow>> byProduct = new HashMap<>();
    for (RankingRow row : rows) {
      byCategory.computeIfAbsent(row.categoryId(), c -> new ArrayList<>()).add(row);
      byProduct.computeIfAbsent(row.productId(), p -> new ArrayList<>()).add(row);
    }
    byCategory.replaceAll((category, list) -> List.copyOf(list));
    byProduct.replaceAll((product, list) -> List.copyOf(list));
    return new RankingSnapshot(run, Collections.unmodifiableMap(byCategory), Collections.unmodifiableMap(byProduct),
        Map.copyOf(categories), List.of(), Collections.emptySortedSet(), Stock.NONE, run.computedAt());
  }

  /**
   * This run compared with {@code past} (the published rankings before it, newest {@code as_of} first,
   * of two with the same {@code as_of} the one published last first) and with {@code suppressed} left
   * out of every answer; its answers changed at {@code changedAt} (the run's computed_at, or when this
   * replica saw the comparisons or the suppression list change since).
   */
  public RankingSnapshot with(List<PastRanking> past, Set<String> suppressed, Instant changedAt) {
    return with(past, suppressed, stock, changedAt);
  }

  /** The same, with {@code stock} giving each product's {@code in_stock}. */
  public RankingSnapshot with(List<PastRanking> past, Set<String> suppressed, Stock stock, Instant changedAt) {
    return new RankingSnapshot(run, byCategory, byProduct, categories, List.copyOf(past),
        Collections.unmodifiableSortedSet(new TreeSet<>(suppressed)), stock, changedAt);
  }

  /** The stock list as loaded with this snapshot. */
  public Stock stock() {
    return stock;
  }

  /** When this snapshot's answers last changed: its {@code Last-Modified}. */
  public Instant changedAt() {
    return changedAt;
  }

  /**
   * The comparison ranking {@code hours} back: the past ranking with the newest {@code as_of} at or
   * before the current {@code as_of} minus {@code hours}; null when none is held.
   */
  public PastRanking comparison(int hours) {
    Instant limit = run.asOf().minus(Duration.ofHours(hours));
    for (PastRanking p : past) {
      if (!p.asOf().isAfter(limit)) {
        return p;
      }
    }
    return null;
  }

  /** The past rankings held, newest first. */
  public List<PastRanking> past() {
    return past;
  }

  /** The products left out of every answer, in id order. */
  public SortedSet<String> suppressed() {
    return suppressed;
  }

  public RunInfo run() {
    return run;
  }

  /** Each ranked category (the overall ranking is {@code *}) in id order, its rows in rank order. */
  public Map<String, List<RankingRow>> byCategory() {
    return byCategory;
  }

  /**
   * How {@code categoryId} was ranked: the run's policy, or over the fallback span it was ranked over
   * instead (docs/ranking-rules.md).
   */
  public RankingPolicy policyOf(String categoryId) {
    CategoryInfo category = categories.get(categoryId);
    RankingPolicy policy = run.policy();
    return category == null || category.spanHours() == policy.spanHours()
        ? policy : policy.overFallbackSpan(category.spanHours());
  }

  /** The parent of {@code categoryId} in the run's category tree; null for a root, or with no tree. */
  public String parentOf(String categoryId) {
    CategoryInfo category = categories.get(categoryId);
    return category == null ? null : category.parentId();
  }

  /** Each ranked product, its rows (one per ranking it is in) in category order. */
  public Map<String, List<RankingRow>> byProduct() {
    return byProduct;
  }
}
