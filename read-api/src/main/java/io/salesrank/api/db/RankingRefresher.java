package io.salesrank.api.db;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.dropwizard.lifecycle.Managed;
import io.salesrank.api.core.PastRanking;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.core.Stock;
import io.salesrank.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the database: every refresh interval one query ({@link RankingDao#poll}) asks for each
 * name's current run and the published runs it is compared with, the suppressed products and the stock
 * list's version; a new current run, a run newly needed for a comparison, a changed suppression list or
 * stock list makes a new snapshot of that name, and every name's snapshots are swapped in together. Past rankings are kept between refreshes (only those some comparison of {@code hours} 1 to 168
 * needs: {@link PastRanking} says what that costs), and a run that stops being current becomes one
 * without a query. While the database is unreachable the last snapshot keeps being
 * served. The first poll waits a random part of an interval, so replicas started together spread
 * their queries.
 */
public final class RankingRefresher implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(RankingRefresher.class);

  private final RankingDao dao;
  private final RankingCache cache;
  private final Consumer<SortedMap<String, RankingSnapshot>> onNewRun;
  private final Duration interval;
  private final Clock clock;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicLong failures = new AtomicLong();
  /** The past rankings held, by run id; touched by the refresh thread only, as are the two below. */
  private final Map<Long, PastRanking> pastHeld = new HashMap<>();
  /** The stock list held, and the current runs whose products it was read for. */
  private Stock stock = Stock.NONE;
  private List<Long> stockRuns = List.of();
  private ScheduledExecutorService executor;

  /**
   * @param onNewRun takes every name's snapshots, when one is new, before {@code cache} holds them (the
   *     servlet renders the new ones there); when it throws, the cache keeps the old ones and the next
   *     poll tries again
   */
  public RankingRefresher(RankingDao dao, RankingCache cache, Consumer<SortedMap<String, RankingSnapshot>> onNewRun,
      Duration interval, Clock clock) {
    this.dao = dao;
    this.clock = clock;
    this.cache = cache;
    this.onNewRun = onNewRun;
    this.interval = interval;
  }

  @Override
  public void start() {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ranking-refresher");
      t.setDaemon(true);
      return t;
    });
    long period = interval.toMillis();
    executor.execute(this::refreshQuietly);
    executor.scheduleWithFixedDelay(this::refreshQuietly, ThreadLocalRandom.current().nextLong(period) + period,
        period, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(10, TimeUnit.SECONDS);
  }

  private void refresh() throws SQLException {
    if (!(dao.poll() instanceof RankingDao.Poll.Published published)) {
      return;
    }
    SortedMap<String, RankingSnapshot> held = cache.all();
    // The past runs each name compares with: held, made from a snapshot that stopped being current, or read.
    Map<String, List<RankingDao.RunRef>> needed = new HashMap<>();
    List<RankingDao.RunRef> missing = new ArrayList<>();
    Map<Long, RankingSnapshot> heldRuns = new HashMap<>();
    held.values().forEach(snapshot -> heldRuns.put(snapshot.run().runId(), snapshot));
    for (Map.Entry<String, RankingDao.Named> e : published.rankings().entrySet()) {
      List<RankingDao.RunRef> refs = comparisons(e.getValue().current().asOf(), e.getValue().past());
      needed.put(e.getKey(), refs);
      for (RankingDao.RunRef ref : refs) {
        if (!pastHeld.containsKey(ref.runId())) {
          RankingSnapshot wasCurrent = heldRuns.get(ref.runId());
          if (wasCurrent != null) {
            pastHeld.put(ref.runId(), PastRanking.of(wasCurrent));
          } else if (missing.stream().noneMatch(m -> m.runId() == ref.runId())) {
            missing.add(ref);
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      for (Map.Entry<Long, List<RankingRow>> e : dao.pastRows(missing).entrySet()) {
        Instant asOf = missing.stream().filter(r -> r.runId() == e.getKey()).findFirst().orElseThrow().asOf();
        pastHeld.put(e.getKey(), PastRanking.of(e.getKey(), asOf, e.getValue()));
      }
    }
    Set<Long> keep = new HashSet<>();
    needed.values().forEach(refs -> refs.forEach(r -> keep.add(r.runId())));
    pastHeld.keySet().retainAll(keep);
    // The stock list: read again when its version moves or the current runs (their products) change.
    List<Long> currentRuns = published.rankings().values().stream().map(n -> n.current().runId()).sorted().toList();
    boolean stockReloaded = published.stockVersion() != stock.version() || !currentRuns.equals(stockRuns);
    if (stockReloaded) {
      stock = published.stockVersion() < 0 ? Stock.NONE : new Stock(published.stockVersion(), dao.stock(currentRuns));
      stockRuns = currentRuns;
    }
    SortedMap<String, RankingSnapshot> next = new TreeMap<>();
    boolean changed = !held.keySet().equals(published.rankings().keySet());
    for (Map.Entry<String, RankingDao.Named> e : published.rankings().entrySet()) {
      String name = e.getKey();
      RankingSnapshot was = held.get(name);
      List<PastRanking> past = new ArrayList<>();
      for (RankingDao.RunRef ref : needed.get(name)) {
        past.add(pastHeld.get(ref.runId()));
      }
      boolean sameRun = was != null && was.run().runId() == e.getValue().current().runId();
      RankingSnapshot snapshot;
      if (sameRun) {
        // Each name holds the stock of its own products: another name's publish leaves it (and its ETags)
        // be. A list not read again this poll is the one the snapshot already holds.
        Stock mine = stockReloaded ? stock.forProducts(was.byProduct().keySet()) : was.stock();
        boolean same = was.past().equals(past) && was.suppressed().equals(published.suppressed())
            && was.stock().equals(mine);
        snapshot = same ? was : was.with(past, published.suppressed(), mine,
            latest(was.run().computedAt(), clock.instant()));
      } else {
        RankingDao.LoadedRun loaded = dao.run(e.getValue().current().runId());
        RankingSnapshot run = RankingSnapshot.of(loaded.run(), loaded.rows(), loaded.categories());
        snapshot = run.with(past, published.suppressed(), stock.forProducts(run.byProduct().keySet()),
            loaded.run().computedAt());
      }
      changed |= snapshot != was;
      next.put(name, snapshot);
    }
    if (!changed) {
      return;
    }
    onNewRun.accept(next);
    cache.replace(next);
    for (RankingSnapshot snapshot : next.values()) {
      if (snapshot != held.get(snapshot.run().name())) {
        LOG.info("Serving {} run {} as of {}: {} categories, compared with {} past rankings, {} products suppressed,"
            + " stock list version {}", snapshot.run().name(), snapshot.run().runId(), snapshot.run().asOf(),
            snapshot.byCategory().size(), snapshot.past().size(), published.suppressed().size(), stock.version());
      }
    }
  }

  /**
   * The past runs some comparison of {@code hours} 1 to {@link RankingSnapshot#MAX_HOURS} reads: for
   * each, the first of {@code past} (newest first) at or before {@code asOf} minus that many hours.
   */
  static List<RankingDao.RunRef> comparisons(Instant asOf, List<RankingDao.RunRef> past) {
    List<RankingDao.RunRef> needed = new ArrayList<>();
    int i = 0;
    for (int hours = 1; hours <= RankingSnapshot.MAX_HOURS && i < past.size(); hours++) {
      Instant limit = asOf.minus(java.time.Duration.ofHours(hours));
      while (i < past.size() && past.get(i).asOf().isAfter(limit)) {
        i++;
      }
      if (i < past.size() && (needed.isEmpty() || needed.get(needed.size() - 1).runId() != past.get(i).runId())) {
        needed.add(past.get(i));
      }
    }
    return needed;
  }

  /**
   * How many polls have failed since start (the database unreachable, a query or the new run's
   * rendering failing): {@code salesrank_refresh_failures_total}.
   */
  public long failures() {
    return failures.get();
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (SQLException | RuntimeException e) {
      failures.incrementAndGet();
      String message = e.getMessage() == null ? e.toString() : Messages.firstLine(e.getMessage());
      if (!message.equals(lastError.getAndSet(message))) {
        LOG.warn("Cannot refresh the ranking, serving the last one loaded: {}", message);
      }
    }
  }
}
