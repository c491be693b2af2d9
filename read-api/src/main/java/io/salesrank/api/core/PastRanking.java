package io.salesrank.api.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A published ranking kept beside the current one to compare with ({@code previous_rank}, {@code /movers}):
 * per category, only what a comparison reads, each product's rank and total, in compact arrays.
 *
 * <p>Memory: per stored row a reference to its product id, an int rank and a long total, about 20 bytes
 * plus the id string (not shared with the other runs), against about 100 bytes for a {@link RankingRow}
 * in a map. The replica keeps at most one such ranking for each whole hour back to 168 (those that some
 * {@code hours} compares with), so at 100K stored rows a run the comparisons cost at most about 169 x
 * 100K x ~70 bytes, some 1.2 GB, when runs are hourly and fewer when they are not; the rankings are shared
 * between snapshots, and a refresh loads only runs it does not hold yet.
 */
public final class PastRanking {

  private final long runId;
  private final Instant asOf;
  private final Map<String, Ranks> categories;

  /** One category's stored list: product to rank and total, by binary search over the sorted ids. */
  public static final class Ranks {
    private final String[] sortedIds;
    private final int[] ranks;
    private final long[] totals;

    private Ranks(List<RankingRow> rows) {
      RankingRow[] byId = rows.toArray(RankingRow[]::new);
      Arrays.sort(byId, (a, b) -> a.productId().compareTo(b.productId()));
      sortedIds = new String[byId.length];
      ranks = new int[byId.length];
      totals = new long[byId.length];
      for (int i = 0; i < byId.length; i++) {
        sortedIds[i] = byId[i].productId();
        ranks[i] = byId[i].rank();
        totals[i] = byId[i].totalSold();
      }
    }

    /** How many products the stored list has. */
    public int size() {
      return sortedIds.length;
    }

    private int indexOf(String productId) {
      return Arrays.binarySearch(sortedIds, productId);
    }

    /** The product's stored rank, or 0 if it is not in the list. */
    public int rankOf(String productId) {
      int i = indexOf(productId);
      return i < 0 ? 0 : ranks[i];
    }

    /** The stored list's products, in rank order. */
    public List<String> inRankOrder() {
      String[] ordered = new String[sortedIds.length];
      for (int i = 0; i < sortedIds.length; i++) {
        ordered[ranks[i] - 1] = sortedIds[i];
      }
      return Arrays.asList(ordered);
    }

    /** The product's stored total; only for a product in the list. */
    public long totalOf(String productId) {
      return totals[indexOf(productId)];
    }

    /**
     * This list with {@code suppressed} left out and the ranks closed up: the stored ranks of the
     * suppressed products in it, sorted, so that a closed rank is a count away.
     */
    public Closed without(Collection<String> suppressed) {
      int[] gone = new int[Math.min(suppressed.size(), sortedIds.length)];
      int n = 0;
      if (!suppressed.isEmpty()) {
        for (String id : suppressed) {
          int rank = rankOf(id);
          if (rank > 0) {
            gone[n++] = rank;
          }
        }
      }
      int[] removed = Arrays.copyOf(gone, n);
      Arrays.sort(removed);
      return new Closed(this, removed);
    }
  }

  /** A category's list with suppressed products left out, ranks closed up (1, 2, 3 without gaps). */
  public static final class Closed {
    private final Ranks ranks;
    private final int[] removedRanks;

    private Closed(Ranks ranks, int[] removedRanks) {
      this.ranks = ranks;
      this.removedRanks = removedRanks;
    }

    public int size() {
      return ranks.size() - removedRanks.length;
    }

    /**
     * The product's closed-up rank, or 0 if it is not in the list (or is suppressed: a caller asks only
     * about products it shows, which are not).
     */
    public int rankOf(String productId) {
      int rank = ranks.rankOf(productId);
      if (rank == 0) {
        return 0;
      }
      int above = Arrays.binarySearch(removedRanks, rank);
      // Not found: (-(insertion point) - 1); the insertion point is the count of smaller ranks.
      return above >= 0 ? 0 : rank + above + 1;
    }

    public long totalOf(String productId) {
      return ranks.totalOf(productId);
    }
  }

  private PastRanking(long runId, Instant asOf, Map<String, Ranks> categories) {
    this.runId = runId;
    this.asOf = asOf;
    this.categories = categories;
  }

  /** The past ranking of run {@code runId} from its rows, in category then rank order. */
  public static PastRanking of(long runId, Instant asOf, List<RankingRow> rows) {
    Map<String, Ranks> categories = new TreeMap<>();
    int from = 0;
    for (int i = 1; i <= rows.size(); i++) {
      if (i == rows.size() || !rows.get(i).categoryId().equals(rows.get(from).categoryId())) {
        categories.put(rows.get(from).categoryId(), new Ranks(rows.subList(from, i)));
        from = i;
      }
    }
    return new PastRanking(runId, asOf, Map.copyOf(categories));
  }

  /** The past ranking of a run held as a snapshot, when it stops being current. */
  public static PastRanking of(RankingSnapshot snapshot) {
    Map<String, Ranks> categories = new TreeMap<>();
    snapshot.byCategory().forEach((category, rows) -> categories.put(category, new Ranks(rows)));
    return new PastRanking(snapshot.run().runId(), snapshot.run().asOf(), Map.copyOf(categories));
  }

  public long runId() {
    return runId;
  }

  public Instant asOf() {
    return asOf;
  }

  /** The category's stored list, or null when this ranking has none for it. */
  public Ranks category(String categoryId) {
    return categories.get(categoryId);
  }
}
