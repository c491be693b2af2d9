package io.salesrank.api.core;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.salesrank.api.db.RankingDao;
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
  private final ObjectMapper json;
  private final Duration interval;
  private final Clock clock;
  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private ScheduledExecutorService executor;

  public RankingRefresher(RankingDao dao, RankingCache cache, ObjectMapper json, Duration interval, Clock clock) {
    this.dao = dao;
    this.cache = cache;
    this.json = json;
    this.interval = interval;
    this.clock = clock;
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

  /** One refresh; returns true when a new snapshot was swapped in. */
  public boolean refresh() throws SQLException {
    long known = cache.current().map(s -> s.run().runId()).orElse(-1L);
    RankingDao.Current current = dao.current(known);
    lastSuccess.set(clock.instant());
    lastError.set(null);
    if (current instanceof RankingDao.Current.Changed changed) {
      RankingSnapshot snapshot = RankingSnapshot.build(changed.run(), changed.rows(), json);
      cache.replace(snapshot);
      LOG.info("Serving run {} as of {}: {} rows in {} categories", changed.run().runId(), changed.run().asOf(),
          changed.rows().size(), snapshot.categoryCount());
      return true;
    }
    return false;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (SQLException | RuntimeException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      if (!message.equals(lastError.getAndSet(message))) {
        LOG.warn("Cannot refresh the ranking, serving the last one loaded: {}", message);
      }
    }
  }

  /** When the database last answered a refresh, or null. */
  public Instant lastSuccess() {
    return lastSuccess.get();
  }
}
