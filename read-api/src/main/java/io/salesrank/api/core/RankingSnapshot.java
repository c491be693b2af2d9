package io.salesrank.api.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One published run in memory, immutable: its rows by category and by product, and how each category
 * was ranked (its policy, its parent). A new published run replaces the snapshot as a whole.
 */
public final class RankingSnapshot {

  private final RunInfo run;
  private final Map<String, List<RankingRow>> byCategory;
  private final Map<String, List<RankingRow>> byProduct;
  private final Map<String, CategoryInfo> categories;

  private RankingSnapshot(RunInfo run, Map<String, List<RankingRow>> byCategory,
      Map<String, List<RankingRow>> byProduct, Map<String, CategoryInfo> categories) {
    this.run = run;
    this.byCategory = byCategory;
    this.byProduct = byProduct;
    this.categories = categories;
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
        Map.copyOf(categories));
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
   * instead (CONTRACT section 2).
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
