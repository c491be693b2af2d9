package io.salesrank.api.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One published run in memory, immutable: its rows by category and by product. A new published run
 * replaces the snapshot as a whole.
 */
public final class RankingSnapshot {

  private final RunInfo run;
  private final Map<String, List<RankingRow>> byCategory;
  private final Map<String, List<RankingRow>> byProduct;

  private RankingSnapshot(RunInfo run, Map<String, List<RankingRow>> byCategory,
      Map<String, List<RankingRow>> byProduct) {
    this.run = run;
    this.byCategory = byCategory;
    this.byProduct = byProduct;
  }

  /** The snapshot of {@code run} from its rows, in category then rank order. */
  public static RankingSnapshot of(RunInfo run, List<RankingRow> rows) {
    Map<String, List<RankingRow>> byCategory = new TreeMap<>();
    Map<String, List<RankingRow>> byProduct = new HashMap<>();
    for (RankingRow row : rows) {
      byCategory.computeIfAbsent(row.categoryId(), c -> new ArrayList<>()).add(row);
      byProduct.computeIfAbsent(row.productId(), p -> new ArrayList<>()).add(row);
    }
    byCategory.replaceAll((category, list) -> List.copyOf(list));
    byProduct.replaceAll((product, list) -> List.copyOf(list));
    return new RankingSnapshot(run, Collections.unmodifiableMap(byCategory), Collections.unmodifiableMap(byProduct));
  }

  public RunInfo run() {
    return run;
  }

  /** Each ranked category (the overall ranking is {@code *}) in id order, its rows in rank order. */
  public Map<String, List<RankingRow>> byCategory() {
    return byCategory;
  }

  /** Each ranked product, its rows (one per ranking it is in) in category order. */
  public Map<String, List<RankingRow>> byProduct() {
    return byProduct;
  }
}
