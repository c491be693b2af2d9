package io.salesrank.api.core;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Holds the current snapshot; readers never lock, a refresh swaps it atomically. */
public final class RankingCache {

  private final AtomicReference<RankingSnapshot> current = new AtomicReference<>();

  public Optional<RankingSnapshot> current() {
    return Optional.ofNullable(current.get());
  }

  public void replace(RankingSnapshot snapshot) {
    current.set(snapshot);
  }
}
