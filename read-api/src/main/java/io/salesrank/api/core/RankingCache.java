package io.salesrank.api.core;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import io.salesrank.shared.Ids;

/**
 * Holds every name's current snapshot; readers never lock, a refresh swaps the whole map atomically.
 */
public final class RankingCache {

  private final AtomicReference<SortedMap<String, RankingSnapshot>> rankings =
      new AtomicReference<>(Collections.emptySortedMap());

  /**
   * The ranking the health checks and the unlabelled gauges follow: {@code default}, or without one
   * the first name; empty before anything is loaded.
   */
  public Optional<RankingSnapshot> current() {
    SortedMap<String, RankingSnapshot> all = rankings.get();
    RankingSnapshot primary = all.get(Ids.DEFAULT_RANKING);
    return Optional.ofNullable(primary != null || all.isEmpty() ? primary : all.get(all.firstKey()));
  }

  /** The current snapshot of the ranking {@code name}. */
  public Optional<RankingSnapshot> current(String name) {
    return Optional.ofNullable(rankings.get().get(name));
  }

  /** Every name's current snapshot, by name. */
  public SortedMap<String, RankingSnapshot> all() {
    return rankings.get();
  }

  public void replace(SortedMap<String, RankingSnapshot> all) {
    rankings.set(Collections.unmodifiableSortedMap(new TreeMap<>(all)));
  }
}
