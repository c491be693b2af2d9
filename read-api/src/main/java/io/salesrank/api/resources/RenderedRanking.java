package io.salesrank.api.resources;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.CategoriesResponse;
import io.salesrank.api.api.CategorySummary;
import io.salesrank.api.api.Policy;
import io.salesrank.api.api.PopularItem;
import io.salesrank.api.api.PopularResponse;
import io.salesrank.api.api.ProductRank;
import io.salesrank.api.api.ProductRanksResponse;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.RunInfo;

/**
 * A snapshot rendered once, when its run is loaded, into the JSON bytes of every answer and their
 * validators: a request copies bytes and touches neither Jackson nor the snapshot's rows. Every
 * answer from one instance is of one run.
 */
final class RenderedRanking {

  private static final byte[] ITEMS_END = "]}".getBytes(StandardCharsets.US_ASCII);

  private final String etag;
  private final long lastModified;
  private final Map<String, Category> categories;
  private final Map<String, byte[]> productRanks;
  private final byte[] categoriesJson;

  /** One category's answer up to its items array, and each item's JSON. */
  static final class Category {
    private final byte[] head;
    private final byte[][] items;

    private Category(byte[] head, byte[][] items) {
      this.head = head;
      this.items = items;
    }

    /** The answer with {@code limit} items from {@code offset} (fewer, or none, past the end). */
    byte[] page(int limit, int offset) {
      int from = Math.min(offset, items.length);
      int to = Math.min(from + limit, items.length);
      int size = head.length + ITEMS_END.length + Math.max(0, to - from - 1);
      for (int i = from; i < to; i++) {
        size += items[i].length;
      }
      byte[] page = Arrays.copyOf(head, size);
      int at = head.length;
      for (int i = from; i < to; i++) {
        if (i > from) {
          page[at++] = ',';
        }
        System.arraycopy(items[i], 0, page, at, items[i].length);
        at += items[i].length;
      }
      System.arraycopy(ITEMS_END, 0, page, at, ITEMS_END.length);
      return page;
    }
  }

  private RenderedRanking(RunInfo run, Map<String, Category> categories, Map<String, byte[]> productRanks,
      byte[] categoriesJson) {
    this.etag = "\"r" + run.runId() + "\"";
    // HTTP dates have whole seconds: a client sends back what it was given.
    this.lastModified = run.computedAt().toEpochMilli() / 1000 * 1000;
    this.categories = categories;
    this.productRanks = productRanks;
    this.categoriesJson = categoriesJson;
  }

  /** Renders every answer of {@code snapshot} as the {@code api} wire types. */
  static RenderedRanking of(RankingSnapshot snapshot, ObjectMapper json) {
    RunInfo run = snapshot.run();
    try {
      String asOf = instant(run.asOf());
      String computedAt = instant(run.computedAt());
      Map<String, Category> categories = new HashMap<>(snapshot.byCategory().size() * 2);
      List<CategorySummary> summaries = new ArrayList<>(snapshot.byCategory().size());
      for (Map.Entry<String, List<RankingRow>> e : snapshot.byCategory().entrySet()) {
        Policy policy = policy(snapshot.policyOf(e.getKey()));
        byte[] full = json.writeValueAsBytes(new PopularResponse(e.getKey(), asOf, computedAt, policy, List.of()));
        // The answer without its closing "]}": items follow it.
        byte[] head = Arrays.copyOf(full, full.length - ITEMS_END.length);
        byte[][] items = new byte[e.getValue().size()][];
        for (int i = 0; i < items.length; i++) {
          RankingRow r = e.getValue().get(i);
          items[i] = json.writeValueAsBytes(new PopularItem(r.rank(), r.productId(), r.totalSold(), r.score()));
        }
        categories.put(e.getKey(), new Category(head, items));
        // Parents are shown only by a ranking that had a tree; in it, a root's parent is null.
        Optional<String> parent = run.categoryTree() ? Optional.ofNullable(snapshot.parentOf(e.getKey())) : null;
        summaries.add(new CategorySummary(e.getKey(), items.length, parent));
      }
      Map<String, byte[]> productRanks = new HashMap<>(snapshot.byProduct().size() * 2);
      for (Map.Entry<String, List<RankingRow>> e : snapshot.byProduct().entrySet()) {
        List<ProductRank> ranks = new ArrayList<>(e.getValue().size());
        for (RankingRow r : e.getValue()) {
          ranks.add(new ProductRank(r.categoryId(), r.rank(), r.totalSold(), r.score()));
        }
        productRanks.put(e.getKey(), json.writeValueAsBytes(new ProductRanksResponse(e.getKey(), asOf, ranks)));
      }
      return new RenderedRanking(run, categories, productRanks,
          json.writeValueAsBytes(new CategoriesResponse(asOf, summaries)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the ranking of run " + run.runId(), e);
    }
  }

  private static String instant(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The wire policy: units, the default metric, and the absence of a fallback go unsaid. */
  private static Policy policy(RankingPolicy p) {
    return new Policy(p.kind(), p.windowHours(), p.halfLifeHours(), p.lookbackHours(),
        "units".equals(p.metric()) ? null : p.metric(), p.fallback() ? Boolean.TRUE : null);
  }

  /** {@code "r<run id>"}, quoted. */
  String etag() {
    return etag;
  }

  /** The run's computed_at in whole seconds, as epoch milliseconds. */
  long lastModified() {
    return lastModified;
  }

  /** The category's ranking, or null if it has none. */
  Category category(String categoryId) {
    return categories.get(categoryId);
  }

  /** The answer of {@code /products/{productId}/ranks}, or null if the product is in no ranking. */
  byte[] productRanks(String productId) {
    return productRanks.get(productId);
  }

  byte[] categories() {
    return categoriesJson;
  }
}
