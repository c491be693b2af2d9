package io.salesrank.api.resources;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.api.api.CategoriesResponse;
import io.salesrank.api.api.CategorySummary;
import io.salesrank.api.api.MoverItem;
import io.salesrank.api.api.MoversResponse;
import io.salesrank.api.api.Policy;
import io.salesrank.api.api.PopularItem;
import io.salesrank.api.api.PopularResponse;
import io.salesrank.api.api.ProductRank;
import io.salesrank.api.api.ProductRanksResponse;
import io.salesrank.api.core.PastRanking;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.RunInfo;

/**
 * A snapshot rendered once, when its run, its comparisons or the suppression list change, into the
 * JSON bytes of every answer and their validators: a request copies bytes and touches neither Jackson
 * nor the snapshot's rows. Suppressed products are left out and the ranks closed up here, so every
 * answer shows the same closed-up lists. {@code /movers} alone is computed when first asked (168
 * comparisons per category would be too many to prerender), from the closed-up lists and the held past
 * rankings, without the database, and its bytes kept for the next request alike (up to
 * {@value #MOVERS_KEPT} answers). Every answer from one instance is of one snapshot.
 */
final class RenderedRanking {

  private static final byte[] ITEMS_END = "]}".getBytes(StandardCharsets.US_ASCII);
  /** Rendered /movers answers kept per instance: a web tier asks for a few pages of a few categories. */
  static final int MOVERS_KEPT = 10_000;

  private record MoversKey(String categoryId, int hours, int limit, int offset) {
  }

  private final java.util.concurrent.ConcurrentHashMap<MoversKey, byte[]> movers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final RankingSnapshot snapshot;
  private final ObjectMapper json;
  private final String asOf;
  private final String etag;
  private final long lastModified;
  private final Map<String, Category> categories;
  private final Map<String, byte[]> productRanks;
  private final byte[] categoriesJson;

  /** One category's answer up to its items array, each item's JSON, and its closed-up rows. */
  static final class Category {
    private final byte[] head;
    private final byte[][] items;
    private final List<RankingRow> rows;

    private Category(byte[] head, byte[][] items, List<RankingRow> rows) {
      this.head = head;
      this.items = items;
      this.rows = rows;
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

  private RenderedRanking(RankingSnapshot snapshot, ObjectMapper json, Map<String, Category> categories,
      Map<String, byte[]> productRanks, byte[] categoriesJson) {
    this.snapshot = snapshot;
    this.json = json;
    this.asOf = instant(snapshot.run().asOf());
    this.etag = etag(snapshot);
    // HTTP dates have whole seconds: a client sends back what it was given.
    this.lastModified = snapshot.changedAt().toEpochMilli() / 1000 * 1000;
    this.categories = categories;
    this.productRanks = productRanks;
    this.categoriesJson = categoriesJson;
  }

  /**
   * {@code "r<run id>"}, quoted, with a hash of the past rankings compared with and of the suppression
   * list when there are any: the answers change with either.
   */
  private static String etag(RankingSnapshot snapshot) {
    if (snapshot.past().isEmpty() && snapshot.suppressed().isEmpty()) {
      return "\"r" + snapshot.run().runId() + "\"";
    }
    long hash = 17;
    for (PastRanking p : snapshot.past()) {
      hash = hash * 31 + p.runId();
    }
    for (String id : snapshot.suppressed()) {
      hash = hash * 31 + id.hashCode();
    }
    hash = hash * 31 + snapshot.suppressed().size();
    return "\"r" + snapshot.run().runId() + "-" + Long.toHexString(hash) + "\"";
  }

  /** Renders every answer of {@code snapshot} as the {@code api} wire types. */
  static RenderedRanking of(RankingSnapshot snapshot, ObjectMapper json) {
    RunInfo run = snapshot.run();
    Set<String> suppressed = snapshot.suppressed();
    PastRanking comparison = snapshot.comparison(RankingSnapshot.PREVIOUS_RANK_HOURS);
    try {
      String asOf = instant(run.asOf());
      String computedAt = instant(run.computedAt());
      String comparedTo = comparison == null ? null : instant(comparison.asOf());
      Map<String, Category> categories = new HashMap<>(snapshot.byCategory().size() * 2);
      Map<String, List<ProductRank>> byProduct = new HashMap<>();
      List<CategorySummary> summaries = new ArrayList<>(snapshot.byCategory().size());
      for (Map.Entry<String, List<RankingRow>> e : snapshot.byCategory().entrySet()) {
        List<RankingRow> rows = closedUp(e.getValue(), suppressed);
        PastRanking.Closed previous = closed(comparison, e.getKey(), suppressed);
        Policy policy = policy(snapshot.policyOf(e.getKey()));
        byte[] full = json.writeValueAsBytes(
            new PopularResponse(e.getKey(), asOf, computedAt, policy, comparedTo, List.of()));
        // The answer without its closing "]}": items follow it.
        byte[] head = Arrays.copyOf(full, full.length - ITEMS_END.length);
        byte[][] items = new byte[rows.size()][];
        for (int i = 0; i < items.length; i++) {
          RankingRow r = rows.get(i);
          int previousRank = previous == null ? 0 : previous.rankOf(r.productId());
          items[i] = json.writeValueAsBytes(new PopularItem(r.rank(), r.productId(), r.totalSold(), r.score(),
              previousRank == 0 ? null : previousRank));
          byProduct.computeIfAbsent(r.productId(), p -> new ArrayList<>())
              .add(new ProductRank(r.categoryId(), r.rank(), r.totalSold(), r.score()));
        }
        categories.put(e.getKey(), new Category(head, items, rows));
        // Parents are shown only by a ranking that had a tree; in it, a root's parent is null.
        Optional<String> parent = run.categoryTree() ? Optional.ofNullable(snapshot.parentOf(e.getKey())) : null;
        summaries.add(new CategorySummary(e.getKey(), items.length, parent));
      }
      Map<String, byte[]> productRanks = new HashMap<>(byProduct.size() * 2);
      for (Map.Entry<String, List<ProductRank>> e : byProduct.entrySet()) {
        // Categories come in id order: the map above iterates them so.
        productRanks.put(e.getKey(), json.writeValueAsBytes(new ProductRanksResponse(e.getKey(), asOf, e.getValue())));
      }
      return new RenderedRanking(snapshot, json, categories, productRanks,
          json.writeValueAsBytes(new CategoriesResponse(asOf, summaries)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the ranking of run " + run.runId(), e);
    }
  }

  /** {@code rows} without the suppressed products, ranked 1, 2, 3, ... in their order. */
  private static List<RankingRow> closedUp(List<RankingRow> rows, Set<String> suppressed) {
    if (suppressed.isEmpty()) {
      return rows;
    }
    List<RankingRow> shown = new ArrayList<>(rows.size());
    for (RankingRow r : rows) {
      if (!suppressed.contains(r.productId())) {
        shown.add(shown.size() + 1 == r.rank() ? r
            : new RankingRow(r.categoryId(), shown.size() + 1, r.productId(), r.totalSold(), r.score()));
      }
    }
    return shown;
  }

  /** The category's list in {@code past}, closed up without {@code suppressed}; null when none. */
  private static PastRanking.Closed closed(PastRanking past, String categoryId, Set<String> suppressed) {
    PastRanking.Ranks ranks = past == null ? null : past.category(categoryId);
    return ranks == null ? null : ranks.without(suppressed);
  }

  /**
   * The answer of {@code /movers} for a category this ranking has: its products that rose since the
   * comparison ranking {@code hours} back, by rise, then rank (docs/read-api.md).
   */
  byte[] movers(String categoryId, int hours, int limit, int offset) {
    MoversKey key = new MoversKey(categoryId, hours, limit, offset);
    byte[] kept = movers.get(key);
    if (kept != null) {
      return kept;
    }
    byte[] answer = renderMovers(categoryId, hours, limit, offset);
    if (movers.size() < MOVERS_KEPT) {
      movers.putIfAbsent(key, answer);
    }
    return answer;
  }

  private byte[] renderMovers(String categoryId, int hours, int limit, int offset) {
    PastRanking comparison = snapshot.comparison(hours);
    List<MoverItem> items = new ArrayList<>();
    if (comparison != null) {
      PastRanking.Closed previous = closed(comparison, categoryId, snapshot.suppressed());
      // A product new to the list counts as one below the earlier list's last.
      int below = (previous == null ? 0 : previous.size()) + 1;
      for (RankingRow r : categories.get(categoryId).rows) {
        int was = previous == null ? 0 : previous.rankOf(r.productId());
        int change = (was == 0 ? below : was) - r.rank();
        if (change > 0) {
          items.add(new MoverItem(r.rank(), was == 0 ? null : was, change, r.productId(), r.totalSold(),
              was == 0 ? null : previous.totalOf(r.productId())));
        }
      }
      items.sort(Comparator.comparingInt(MoverItem::rankChange).reversed().thenComparingInt(MoverItem::rank));
    }
    List<MoverItem> page = items.subList(Math.min(offset, items.size()), Math.min(offset + limit, items.size()));
    try {
      return json.writeValueAsBytes(new MoversResponse(categoryId, asOf,
          comparison == null ? null : instant(comparison.asOf()), hours, page));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render movers of run " + snapshot.run().runId(), e);
    }
  }

  static String instant(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The wire policy: units, the default metric, and the absence of a fallback go unsaid. */
  private static Policy policy(RankingPolicy p) {
    return new Policy(p.kind(), p.windowHours(), p.halfLifeHours(), p.lookbackHours(),
        "units".equals(p.metric()) ? null : p.metric(), p.fallback() ? Boolean.TRUE : null);
  }

  /** The snapshot rendered. */
  RankingSnapshot snapshot() {
    return snapshot;
  }

  /** {@code "r<run id>"} (with a hash of its comparisons and suppression list when there are any), quoted. */
  String etag() {
    return etag;
  }

  /** When the answers last changed (the run's computed_at, or later), in whole seconds, as epoch milliseconds. */
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
