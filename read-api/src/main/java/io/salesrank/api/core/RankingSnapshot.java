package io.salesrank.api.core;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.CategoriesResponse;
import io.salesrank.api.api.CategorySummary;
import io.salesrank.api.api.PopularItem;
import io.salesrank.api.api.PopularResponse;
import io.salesrank.api.api.ProductRank;
import io.salesrank.api.api.ProductRanksResponse;

/**
 * The whole current ranking in memory, immutable, with every response precomputed as JSON bytes:
 * a request copies bytes and touches neither Jackson nor the database. A new published run
 * replaces the snapshot as a whole.
 */
public final class RankingSnapshot {

  /** The category id of the overall ranking. */
  public static final String OVERALL = "*";

  private static final byte[] ITEMS_END = "]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final RunInfo run;
  private final Map<String, Category> categories;
  private final Map<String, byte[]> productRanks;
  private final byte[] categoriesJson;

  /** One category: its response up to the items array, and each item's JSON. */
  private record Category(byte[] head, byte[][] items) {
  }

  private RankingSnapshot(RunInfo run, Map<String, Category> categories, Map<String, byte[]> productRanks,
      byte[] categoriesJson) {
    this.run = run;
    this.categories = categories;
    this.productRanks = productRanks;
    this.categoriesJson = categoriesJson;
  }

  /** Builds the snapshot of {@code run} from its rows, in category then rank order. */
  public static RankingSnapshot build(RunInfo run, List<RankingRow> rows, ObjectMapper json) {
    try {
      String asOf = instant(run.asOf());
      String computedAt = instant(run.computedAt());
      Map<String, List<RankingRow>> byCategory = new LinkedHashMap<>();
      Map<String, List<ProductRank>> byProduct = new HashMap<>();
      for (RankingRow row : rows) {
        byCategory.computeIfAbsent(row.categoryId(), c -> new ArrayList<>()).add(row);
        byProduct.computeIfAbsent(row.productId(), p -> new ArrayList<>())
            .add(new ProductRank(row.categoryId(), row.rank(), row.totalSold(), row.score()));
      }
      Map<String, Category> categories = new HashMap<>();
      List<CategorySummary> summaries = new ArrayList<>();
      for (Map.Entry<String, List<RankingRow>> e : byCategory.entrySet()) {
        byte[] full = json.writeValueAsBytes(new PopularResponse(e.getKey(), asOf, computedAt, run.policy(), List.of()));
        // The response without its closing "]}": items follow it.
        byte[] head = java.util.Arrays.copyOf(full, full.length - ITEMS_END.length);
        byte[][] items = new byte[e.getValue().size()][];
        for (int i = 0; i < items.length; i++) {
          RankingRow r = e.getValue().get(i);
          items[i] = json.writeValueAsBytes(new PopularItem(r.rank(), r.productId(), r.totalSold(), r.score()));
        }
        categories.put(e.getKey(), new Category(head, items));
        summaries.add(new CategorySummary(e.getKey(), items.length));
      }
      Map<String, byte[]> productRanks = new HashMap<>(byProduct.size() * 2);
      for (Map.Entry<String, List<ProductRank>> e : byProduct.entrySet()) {
        productRanks.put(e.getKey(), json.writeValueAsBytes(new ProductRanksResponse(e.getKey(), asOf, e.getValue())));
      }
      summaries.sort(java.util.Comparator.comparing(CategorySummary::categoryId));
      return new RankingSnapshot(run, categories, productRanks,
          json.writeValueAsBytes(new CategoriesResponse(asOf, summaries)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the ranking of run " + run.runId(), e);
    }
  }

  private static String instant(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public RunInfo run() {
    return run;
  }

  public int categoryCount() {
    return categories.size();
  }

  /** A page of {@code categoryId}'s ranking, or empty if it has none. */
  public Optional<byte[]> popular(String categoryId, int limit, int offset) {
    Category c = categories.get(categoryId);
    if (c == null) {
      return Optional.empty();
    }
    int from = Math.min(offset, c.items().length);
    int to = Math.min(from + limit, c.items().length);
    int size = c.head().length + ITEMS_END.length + Math.max(0, to - from - 1);
    for (int i = from; i < to; i++) {
      size += c.items()[i].length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes(c.head());
    for (int i = from; i < to; i++) {
      if (i > from) {
        out.write(',');
      }
      out.writeBytes(c.items()[i]);
    }
    out.writeBytes(ITEMS_END);
    return Optional.of(out.toByteArray());
  }

  public Optional<byte[]> productRanks(String productId) {
    return Optional.ofNullable(productRanks.get(productId));
  }

  public byte[] categories() {
    return categoriesJson;
  }
}
