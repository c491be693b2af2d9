package io.salesrank.api.resources;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

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
import io.salesrank.api.core.Demand;
import io.salesrank.api.core.PastRanking;
import io.salesrank.api.core.RankingPolicy;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.RunInfo;
import io.salesrank.api.core.Stock;

/**
 * A snapshot rendered once, when its run, its comparisons, the suppression list or the stock list
 * change, into the JSON bytes of every answer and their validators: a request copies bytes and touches
 * neither Jackson nor the snapshot's rows. Suppressed products are left out and the ranks closed up
 * here, so every answer shows the same closed-up lists. Three answers are computed when first asked and
 * their bytes kept for the next request alike (up to {@value #KEPT} of each): {@code /movers} (168
 * comparisons per category would be too many to prerender), and the lists of {@code stock=last} and
 * {@code stock=hide} for a category with a product out of stock (the others answer as {@code show}).
 * Every answer from one instance is of one snapshot.
 */
final class RenderedRanking {

  private static final byte[] ITEMS_END = "]}".getBytes(StandardCharsets.US_ASCII);
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  /** Rendered answers kept per instance and kind: a web tier asks for a few pages of a few categories. */
  static final int KEPT = 10_000;

  /** How a list treats products the stock list says are out of stock (docs/read-api.md). */
  enum StockView {
    /** In rank order, as ranked. */
    SHOW,
    /** After all the others, each group in rank order. */
    LAST,
    /** Left out. */
    HIDE;

    /** {@code ordered} as this view shows it. */
    <T> List<T> apply(List<T> ordered, java.util.function.Predicate<T> out) {
      if (this == SHOW) {
        return ordered;
      }
      List<T> shown = new ArrayList<>(ordered.size());
      List<T> last = new ArrayList<>();
      for (T t : ordered) {
        (out.test(t) ? last : shown).add(t);
      }
      if (this == LAST) {
        shown.addAll(last);
      }
      return shown;
    }
  }

  private record MoversKey(String categoryId, int hours, int limit, int offset, StockView view) {
  }

  private record ViewKey(String categoryId, StockView view) {
  }

  private final ConcurrentHashMap<MoversKey, byte[]> movers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ViewKey, Category> viewed = new ConcurrentHashMap<>();

  private final RankingSnapshot snapshot;
  private final ObjectMapper json;
  private final String asOf;
  private final String etag;
  private final long lastModified;
  private final String lastModifiedHeader;
  private final Map<String, Category> categories;
  private final Map<String, byte[]> productRanks;
  private final byte[] categoriesJson;

  /** One category's answer up to its items array, each item's JSON, and its closed-up rows. */
  static final class Category {
    private final byte[] head;
    private final byte[][] items;
    private final List<RankingRow> rows;
    private final boolean anyOutOfStock;

    private Category(byte[] head, byte[][] items, List<RankingRow> rows, boolean anyOutOfStock) {
      this.head = head;
      this.items = items;
      this.rows = rows;
      this.anyOutOfStock = anyOutOfStock;
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
    this.lastModifiedHeader = httpDate(lastModified);
    this.categories = categories;
    this.productRanks = productRanks;
    this.categoriesJson = categoriesJson;
  }

  /**
   * {@code "r<run id>"}, quoted, with a hash of the past rankings compared with, of the suppression
   * list and of the stock list's version when there are any: the answers change with each.
   */
  private static String etag(RankingSnapshot snapshot) {
    long stockVersion = snapshot.stock().version();
    if (snapshot.past().isEmpty() && snapshot.suppressed().isEmpty() && stockVersion < 0) {
      return "\"r" + snapshot.run().runId() + "\"";
    }
    long hash = 17;
    for (PastRanking p : snapshot.past()) {
      hash = hash * 31 + p.runId();
    }
    for (String id : snapshot.suppressed()) {
      hash = hash * 31 + id.hashCode();
    }
    hash = (hash * 31 + snapshot.suppressed().size()) * 31 + stockVersion;
    return "\"r" + snapshot.run().runId() + "-" + Long.toHexString(hash) + "\"";
  }

  /** Renders every answer of {@code snapshot} as the {@code api} wire types. */
  static RenderedRanking of(RankingSnapshot snapshot, ObjectMapper json) {
    RunInfo run = snapshot.run();
    Set<String> suppressed = snapshot.suppressed();
    Stock stock = snapshot.stock();
    PastRanking comparison = snapshot.comparison(RankingSnapshot.PREVIOUS_RANK_HOURS);
    try {
      String asOf = instant(run.asOf());
      Map<String, Category> categories = new HashMap<>(snapshot.byCategory().size() * 2);
      Map<String, List<ProductRank>> byProduct = new HashMap<>();
      List<CategorySummary> summaries = new ArrayList<>(snapshot.byCategory().size());
      for (Map.Entry<String, List<RankingRow>> e : snapshot.byCategory().entrySet()) {
        List<RankingRow> rows = closedUp(e.getValue(), suppressed);
        PastRanking.Closed previous = closed(comparison, e.getKey(), suppressed);
        Category category = render(snapshot, json, comparison, e.getKey(), rows,
            previous == null ? p -> 0 : previous::rankOf);
        for (RankingRow r : rows) {
          byProduct.computeIfAbsent(r.productId(), p -> new ArrayList<>())
              .add(new ProductRank(r.categoryId(), r.rank(), r.totalSold(), r.score(), stock.of(r.productId()),
                  demand(snapshot, r)));
        }
        categories.put(e.getKey(), category);
        // Parents are shown only by a ranking that had a tree; in it, a root's parent is null.
        Optional<String> parent = run.categoryTree() ? Optional.ofNullable(snapshot.parentOf(e.getKey())) : null;
        summaries.add(new CategorySummary(e.getKey(), rows.size(), parent));
      }
      Map<String, byte[]> productRanks = new HashMap<>(byProduct.size() * 2);
      for (Map.Entry<String, List<ProductRank>> e : byProduct.entrySet()) {
        // Categories come in id order: the map above iterates them so.
        productRanks.put(e.getKey(), json.writeValueAsBytes(
            new ProductRanksResponse(run.name(), e.getKey(), asOf, e.getValue())));
      }
      return new RenderedRanking(snapshot, json, categories, productRanks,
          json.writeValueAsBytes(new CategoriesResponse(run.name(), asOf, summaries)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the ranking of run " + run.runId(), e);
    }
  }

  /**
   * A category's answer from {@code rows} as shown, compared with {@code comparison} (the snapshot's for
   * {@code previous_rank}), each product's previous rank from {@code previous} (0: none).
   */
  private static Category render(RankingSnapshot snapshot, ObjectMapper json, PastRanking comparison,
      String categoryId, List<RankingRow> rows, ToIntFunction<String> previous) throws JsonProcessingException {
    RunInfo run = snapshot.run();
    Stock stock = snapshot.stock();
    byte[] full = json.writeValueAsBytes(new PopularResponse(run.name(), categoryId, instant(run.asOf()),
        instant(run.computedAt()), policy(snapshot.policyOf(categoryId)),
        comparison == null ? null : instant(comparison.asOf()), List.of()));
    // The answer without its closing "]}": items follow it.
    byte[] head = Arrays.copyOf(full, full.length - ITEMS_END.length);
    byte[][] items = new byte[rows.size()][];
    boolean anyOut = false;
    for (int i = 0; i < items.length; i++) {
      RankingRow r = rows.get(i);
      int previousRank = previous.applyAsInt(r.productId());
      items[i] = json.writeValueAsBytes(new PopularItem(r.rank(), r.productId(), r.totalSold(), r.score(),
          previousRank == 0 ? null : previousRank, stock.of(r.productId()), demand(snapshot, r)));
      anyOut |= stock.out(r.productId());
    }
    return new Category(head, items, rows, anyOut);
  }

  /** The row's demand: its score against its category's rank-1 score in the stored ranking. */
  private static String demand(RankingSnapshot snapshot, RankingRow r) {
    return Demand.of(r.score(), snapshot.byCategory().get(r.categoryId()).get(0).score()).wireName();
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

  /** {@code rows} in their new order, ranked 1, 2, 3, ... */
  private static List<RankingRow> renumbered(List<RankingRow> rows) {
    List<RankingRow> ranked = new ArrayList<>(rows.size());
    for (RankingRow r : rows) {
      ranked.add(ranked.size() + 1 == r.rank() ? r
          : new RankingRow(r.categoryId(), ranked.size() + 1, r.productId(), r.totalSold(), r.score()));
    }
    return ranked;
  }

  /** The category's list in {@code past}, closed up without {@code suppressed}; null when none. */
  private static PastRanking.Closed closed(PastRanking past, String categoryId, Set<String> suppressed) {
    PastRanking.Ranks ranks = past == null ? null : past.category(categoryId);
    return ranks == null ? null : ranks.without(suppressed);
  }

  /**
   * Each product's rank in the category's list in {@code past} as {@code view} shows it, closed up
   * without the suppressed products; empty when {@code past} has no list for the category.
   */
  private Map<String, Integer> pastRanks(PastRanking past, String categoryId, StockView view) {
    PastRanking.Ranks ranks = past == null ? null : past.category(categoryId);
    Map<String, Integer> byProduct = new HashMap<>();
    if (ranks == null) {
      return byProduct;
    }
    List<String> shown = new ArrayList<>();
    for (String product : ranks.inRankOrder()) {
      if (!snapshot.suppressed().contains(product)) {
        shown.add(product);
      }
    }
    List<String> ordered = view.apply(shown, snapshot.stock()::out);
    for (int i = 0; i < ordered.size(); i++) {
      byProduct.put(ordered.get(i), i + 1);
    }
    return byProduct;
  }

  /** The category's list as {@code view} shows it: for a list without a product out of stock, as shown. */
  Category category(String categoryId, StockView view) {
    Category shown = categories.get(categoryId);
    if (shown == null || view == StockView.SHOW || !shown.anyOutOfStock) {
      return shown;
    }
    ViewKey key = new ViewKey(categoryId, view);
    Category kept = viewed.get(key);
    if (kept != null) {
      return kept;
    }
    List<RankingRow> rows = renumbered(view.apply(shown.rows, r -> snapshot.stock().out(r.productId())));
    PastRanking comparison = snapshot.comparison(RankingSnapshot.PREVIOUS_RANK_HOURS);
    Map<String, Integer> previous = pastRanks(comparison, categoryId, view);
    Category rendered;
    try {
      rendered = render(snapshot, json, comparison, categoryId, rows, p -> previous.getOrDefault(p, 0));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render category " + categoryId + " of run " + snapshot.run().runId(), e);
    }
    if (viewed.size() < KEPT) {
      viewed.putIfAbsent(key, rendered);
    }
    return rendered;
  }

  /**
   * The answer of {@code /movers} for a category this ranking has: its products that rose since the
   * comparison ranking {@code hours} back, by rise, then rank (docs/read-api.md), both lists as
   * {@code view} shows them.
   */
  byte[] movers(String categoryId, int hours, int limit, int offset, StockView view) {
    MoversKey key = new MoversKey(categoryId, hours, limit, offset, view);
    byte[] kept = movers.get(key);
    if (kept != null) {
      return kept;
    }
    byte[] answer = renderMovers(categoryId, hours, limit, offset, view);
    if (movers.size() < KEPT) {
      movers.putIfAbsent(key, answer);
    }
    return answer;
  }

  private byte[] renderMovers(String categoryId, int hours, int limit, int offset, StockView view) {
    PastRanking comparison = snapshot.comparison(hours);
    List<MoverItem> items = new ArrayList<>();
    Stock stock = snapshot.stock();
    if (comparison != null) {
      Map<String, Integer> previous = pastRanks(comparison, categoryId, view);
      PastRanking.Ranks stored = comparison.category(categoryId);
      // A product new to the list counts as one below the earlier list's last.
      int below = previous.size() + 1;
      for (RankingRow r : category(categoryId, view).rows) {
        int was = previous.getOrDefault(r.productId(), 0);
        int change = (was == 0 ? below : was) - r.rank();
        if (change > 0) {
          items.add(new MoverItem(r.rank(), was == 0 ? null : was, change, r.productId(), r.totalSold(),
              was == 0 ? null : stored.totalOf(r.productId()), stock.of(r.productId()), demand(snapshot, r)));
        }
      }
      items.sort(Comparator.comparingInt(MoverItem::rankChange).reversed().thenComparingInt(MoverItem::rank));
    }
    List<MoverItem> page = items.subList(Math.min(offset, items.size()), Math.min(offset + limit, items.size()));
    try {
      return json.writeValueAsBytes(new MoversResponse(snapshot.run().name(), categoryId, asOf,
          comparison == null ? null : instant(comparison.asOf()), hours, page));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render movers of run " + snapshot.run().runId(), e);
    }
  }

  static String instant(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The wire policy: units, the default metric, and the absence of a fallback go unsaid. */
  static Policy policy(RankingPolicy p) {
    return new Policy(p.kind(), p.windowHours(), p.halfLifeHours(), p.lookbackHours(), p.trendHours(), p.minUnits(),
        "units".equals(p.metric()) ? null : p.metric(), p.fallback() ? Boolean.TRUE : null);
  }

  /** The snapshot rendered. */
  RankingSnapshot snapshot() {
    return snapshot;
  }

  /** {@code "r<run id>"} (with a hash of its comparisons, suppression and stock lists when there are any), quoted. */
  String etag() {
    return etag;
  }

  /** When the answers last changed (the run's computed_at, or later), in whole seconds, as epoch milliseconds. */
  long lastModified() {
    return lastModified;
  }

  /** {@link #lastModified()} as an HTTP date, formatted once rather than on every answer. */
  String lastModifiedHeader() {
    return lastModifiedHeader;
  }

  /** RFC 9110's IMF-fixdate of {@code epochMillis}, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String httpDate(long epochMillis) {
    return HTTP_DATE.format(Instant.ofEpochMilli(epochMillis));
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
