package io.salesrank.api.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.dropwizard.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pushes to subscribers (docs/pushes.md) as {@code /prometheus} shows them: by subscription host,
 * how many are delivered, pending (not yet attempted) and failed (attempted, not yet delivered), and the
 * age of the oldest undelivered one. Read every {@link #INTERVAL} by a thread of its own, so a scrape
 * never waits on the database; a failed read keeps the last figures. Before the schema has pushes
 * (the loader not yet migrated), there are none.
 */
public final class PushStats implements Managed {

  static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(PushStats.class);

  private static final String QUERY = """
      SELECT s.host,
             count(*) FILTER (WHERE d.status = 'delivered'),
             count(*) FILTER (WHERE d.status = 'pending' AND d.attempts = 0),
             count(*) FILTER (WHERE d.status = 'pending' AND d.attempts > 0),
             coalesce(extract(epoch FROM now() - min(d.created_at) FILTER (WHERE d.status = 'pending')), 0)
        FROM notification_delivery d JOIN subscription s ON s.subscription_id = d.subscription_id
       GROUP BY s.host ORDER BY s.host""";

  /** One host's pushes. */
  public record Host(long delivered, long pending, long failed, double oldestPendingSeconds) {
  }

  private final DataSource db;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "salesrank-push-stats");
    t.setDaemon(true);
    return t;
  });
  private volatile Map<String, Host> byHost = Map.of();

  public PushStats(DataSource db) {
    this.db = db;
  }

  /** The figures of the last read, by host. */
  public Map<String, Host> byHost() {
    return byHost;
  }

  /** Seconds since the oldest undelivered push was made; 0 when none is pending. */
  public double oldestPendingSeconds() {
    return byHost.values().stream().mapToDouble(Host::oldestPendingSeconds).max().orElse(0);
  }

  /** Reads the figures now. */
  public void read() throws SQLException {
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      try (ResultSet exists = s.executeQuery("SELECT to_regclass('notification_delivery') IS NOT NULL")) {
        exists.next();
        if (!exists.getBoolean(1)) {
          byHost = Map.of();
          return;
        }
      }
      Map<String, Host> hosts = new TreeMap<>();
      try (ResultSet rs = s.executeQuery(QUERY)) {
        while (rs.next()) {
          hosts.put(rs.getString(1), new Host(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getDouble(5)));
        }
      }
      byHost = Map.copyOf(hosts);
    }
  }

  @Override
  public void start() {
    executor.scheduleWithFixedDelay(() -> {
      try {
        read();
      } catch (SQLException | RuntimeException e) {
        LOG.debug("cannot read the pushes' figures; keeping the last ones", e);
      }
    }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(5, TimeUnit.SECONDS);
  }
}
