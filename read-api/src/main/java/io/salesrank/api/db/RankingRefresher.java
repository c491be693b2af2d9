package io.salesrank.api.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.dropwizard.lifecycle.Managed;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.shared.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the database: every refresh interval one query asks for the current run, and a new run
 * is loaded and swapped in whole. While the database is unreachable the last snapshot keeps being
 * served. The first poll waits a random part of an interval, so replicas started together spread
 * their queries.
 */
public final class RankingRefresher implements Managed {

  private static final Logger LOG = LoggerFactory.getLogger(RankingRefresher.class);

  private final RankingDao dao;
  private final RankingCache cache;
  private final Consumer<RankingSnapshot> onNewRun;
  private final Duration interval;
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private ScheduledExecutorService executor;

  /**
   * @param onNewRun takes each new snapshot before {@code cache} holds it (the servlet renders it
   *     there); when it throws, the cache keeps the old run and the next poll tries again
   */
  public RankingRefresher(RankingDao dao, RankingCache cache, Consumer<RankingSnapshot> onNewRun, Duration interval) {
    this.dao = dao;
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
    long known = cache.current().map(s -> s.run().runId()).orElse(-1L);
    RankingDao.Current current = dao.current(known);
    lastError.set(null);
    if (current instanceof RankingDao.Current.Changed changed) {
      RankingSnapshot snapshot = RankingSnapshot.of(changed.run(), changed.rows(), changed.categories());
      onNewRun.accept(snapshot);
      cache.replace(snapshot);
      LOG.info("Serving run {} as of {}: {} rows in {} categories", changed.run().runId(), changed.run().asOf(),
          changed.rows().size(), snapshot.byCategory().size());
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (SQLException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : Messages.firstLine(e.getMessage());
      if (!message.equals(lastError.getAndSet(message))) {
        LOG.warn("Cannot refresh the ranking, serving the last one loaded: {}", message);
      }
    }
  }
}
