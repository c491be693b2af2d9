package io.salesrank.api.db;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.dropwizard.lifecycle.Managed;
import io.salesrank.api.core.PastRanking;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingRow;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the database: every refresh interval one query ({@link RankingDao#poll}) asks for the
 * current run, the published runs it is compared with and the suppressed products; a new current run,
 * a run newly needed for a comparison or a changed suppression list makes a new snapshot, swapped in
 * whole. Past rankings are kept between refreshes (only those some comparison of {@code hours} 1 to 168
 * needs: {@link PastRanking} says what that costs), and a run that stops being current becomes one
 * without a query. While the database is unreachable the last snapshot keeps being
 * served. The first poll waits a random part of an interval, so replicas started together spread
 * their queries.
 */
public final class RankingRefresher implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(RankingRefresher.class);

  private final RankingDao dao;
  private final RankingCache cache;
  private final Consumer<RankingSnapshot> onNewRun;
  private final Duration interval;
  private final Clock clock;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicLong failures = new AtomicLong();
  /** The past rankings held, by run id; touched by the refresh thread only. */
  private final Map<Long, PastRanking> pastHeld = new HashMap<>();
  private ScheduledExecutorService executor;

  /**
   * @param onNewRun takes each new snapshot before {@code cache} holds it (the servlet renders it
   *     there); when it throws, the cache keeps the old run and the next poll tries again
   */
  public RankingRefresher(RankingDao dao, RankingCache cache, Consumer<RankingSnapshot> onNewRun, Duration interval,
      Clock clock) {
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
    RankingSnapshot held = cache.current().orElse(null);
    boolean sameRun = held != null && held.run().runId() == published.current().runId();
    List<RankingDao.RunRef> needed = comparisons(published.current().asOf(), published.past());
    List<RankingDao.RunRef> missing = new ArrayList<>();
    for (RankingDao.RunRef ref : needed) {
      if (!pastHeld.containsKey(ref.runId())) {
        if (held != null && held.run().runId() == ref.runId()) {
          pastHeld.put(ref.runId(), PastRanking.of(held));
        } else {
          missing.add(ref);
        }
      }
    }
    if (!missing.isEmpty()) {
      for (Map.Entry<Long, List<RankingRow>> e : dao.pastRows(missing).entrySet()) {
        Instant asOf = missing.stream().filter(r -> r.runId() == e.getKey()).findFirst().orElseThrow().asOf();
        pastHeld.put(e.getKey(), PastRanking.of(e.getKey(), asOf, e.getValue()));
      }
    }
    List<PastRanking> past = new ArrayList<>(needed.size());
    for (RankingDao.RunRef ref : needed) {
      past.add(pastHeld.get(ref.runId()));
    }
    pastHeld.keySet().retainAll(past.stream().map(PastRanking::runId).collect(Collectors.toSet()));
    if (sameRun && held.past().equals(past) && held.suppressed().equals(published.suppressed())) {
      return;
    }
    RankingSnapshot snapshot;
    if (sameRun) {
      snapshot = held.with(past, published.suppressed(), latest(held.run().computedAt(), clock.instant()));
    } else {
      RankingDao.LoadedRun loaded = dao.run(published.current().runId());
      snapshot = RankingSnapshot.of(loaded.run(), loaded.rows(), loaded.categories())
          .with(past, published.suppressed(), loaded.run().computedAt());
    }
    onNewRun.accept(snapshot);
    cache.replace(snapshot);
    LOG.info("Serving run {} as of {}: {} categories, compared with {} past rankings, {} products suppressed",
        snapshot.run().runId(), snapshot.run().asOf(), snapshot.byCategory().size(), past.size(),
        published.suppressed().size());
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
