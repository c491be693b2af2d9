package io.salesrank.loader.push;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

/**
 * {@code salesrank notify} (docs/pushes.md): makes the pushes the current ranking owes
 * ({@link PushQueue}), then sends every pending push of that ranking name, old ones included, on
 * {@link #WORKERS} threads: each push is claimed with {@code SELECT … FOR UPDATE SKIP LOCKED} in a
 * transaction held while it is sent, so that two {@code notify} at once never send one body twice, and
 * a {@code notify} that dies releases its claims with its connections. Each push is tried up to
 * {@link #ATTEMPTS} times, {@link Webhook#TIMEOUT} each, with a doubling backoff in between; every
 * attempt is recorded. What stays pending is sent by the next {@code notify}, under the same id.
 */
public final class Notifier {

  /** Pushes sent at once: a slow or dead receiver holds one of them, never the others. */
  public static final int WORKERS = 16;
  public static final int ATTEMPTS = 3;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  /** Delivered pushes are kept this long for reporting, then removed by notify. */
  static final Duration KEEP_DELIVERED = Duration.ofDays(30);

  /** What a notify did: pushes delivered, pushes still pending (and to which hosts), pushes another had. */
  public record Result(PushQueue.Queued queued, int delivered, int pending, SortedSet<String> pendingHosts,
      int skipped) {

    /** Whether every push this notify attempted was delivered. */
    public boolean allDelivered() {
      return pending == 0;
    }
  }

  private enum Outcome { DELIVERED, PENDING, SKIPPED }

  private record Sent(Outcome outcome, String host) {
  }

  private final DataSource db;
  private final Webhook webhook;
  private final Duration backoff;
  private final PrintStream progress;

  public Notifier(DataSource db, Webhook webhook, PrintStream progress) {
    this(db, webhook, FIRST_BACKOFF, progress);
  }

  Notifier(DataSource db, Webhook webhook, Duration backoff, PrintStream progress) {
    this.db = db;
    this.webhook = webhook;
    this.backoff = backoff;
    this.progress = progress;
  }

  /** Makes and sends the pushes of ranking {@code name}. */
  public Result notify(String name) throws SQLException, InterruptedException {
    long start = System.nanoTime();
    forgetOldDeliveries();
    PushQueue.Queued queued = PushQueue.enqueue(db, name, progress);
    if (queued == null) {
      progress.printf("notify: ranking %s has no current ranking: no new pushes%n", name);
    } else if (queued.compared() > 0) {
      progress.printf("notify: %d of %d subscriptions have changes: %d new pushes%n", queued.pushes(),
          queued.compared(), queued.pushes());
    }
    List<UUID> pending = pending(name);
    if (pending.isEmpty()) {
      progress.printf("notify: nothing to send for ranking %s%n", name);
      return new Result(queued, 0, 0, new TreeSet<>(), 0);
    }
    progress.printf("notify: sending %d pending pushes, %d at a time%n", pending.size(),
        Math.min(WORKERS, pending.size()));
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(WORKERS, pending.size()), r -> {
      Thread t = new Thread(r, "salesrank-push");
      t.setDaemon(true);
      return t;
    });
    int delivered = 0;
    int skipped = 0;
    SortedSet<String> hosts = new TreeSet<>();
    int stillPending = 0;
    try {
      List<Future<Sent>> sends = new ArrayList<>();
      for (UUID id : pending) {
        sends.add(pool.submit(() -> send(id)));
      }
      for (Future<Sent> f : sends) {
        Sent s;
        try {
          s = f.get();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof SQLException sql) {
            throw sql;
          }
          throw new IllegalStateException("a push failed unexpectedly", e.getCause());
        }
        switch (s.outcome()) {
          case DELIVERED -> delivered++;
          case SKIPPED -> skipped++;
          case PENDING -> {
            stillPending++;
            hosts.add(s.host());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    progress.printf("notify: %d delivered, %d still pending%s in %.1f s%n", delivered, stillPending,
        skipped > 0 ? ", " + skipped + " sent by another notify" : "", (System.nanoTime() - start) / 1e9);
    return new Result(queued, delivered, stillPending, hosts, skipped);
  }

  private void forgetOldDeliveries() throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "DELETE FROM notification_delivery WHERE status = 'delivered' AND delivered_at < now() - ? * interval '1 day'")) {
      ps.setLong(1, KEEP_DELIVERED.toDays());
      ps.executeUpdate();
    }
  }

  private List<UUID> pending(String name) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
        SELECT delivery_id FROM notification_delivery WHERE ranking_name = ? AND status = 'pending'
         ORDER BY created_at, delivery_id""")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return ids;
  }

  /**
   * Claims push {@code id} and sends it, recording each attempt, in one transaction: a push another
   * notify holds, or has delivered meanwhile, is skipped.
   */
  private Sent send(UUID id) throws SQLException, InterruptedException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      String body;
      URI url;
      String host;
      String secret;
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT d.body, s.url, s.host, k.secret FROM notification_delivery d
            JOIN subscription s ON s.subscription_id = d.subscription_id
            JOIN subscription_secret k ON k.subscription_id = d.subscription_id
           WHERE d.delivery_id = ? AND d.status = 'pending'
             FOR UPDATE OF d SKIP LOCKED""")) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            c.rollback();
            return new Sent(Outcome.SKIPPED, null);
          }
          body = rs.getString(1);
          url = URI.create(rs.getString(2));
          host = rs.getString(3);
          secret = rs.getString(4);
        }
      }
      boolean delivered = false;
      try (PreparedStatement record = c.prepareStatement("""
          UPDATE notification_delivery
             SET attempts = attempts + 1, last_attempt_at = clock_timestamp(), last_error = coalesce(?, last_error),
                 status = CASE WHEN ? THEN 'delivered' ELSE status END,
                 delivered_at = CASE WHEN ? THEN clock_timestamp() END
           WHERE delivery_id = ?""")) {
        for (int attempt = 1; attempt <= ATTEMPTS && !delivered; attempt++) {
          if (attempt > 1) {
            Thread.sleep(backoff.toMillis() << (attempt - 2));
          }
          Webhook.Attempt a = webhook.post(url, id.toString(), body, secret);
          delivered = a.delivered();
          record.setString(1, a.error());
          record.setBoolean(2, delivered);
          record.setBoolean(3, delivered);
          record.setObject(4, id);
          record.executeUpdate();
        }
      }
      c.commit();
      return new Sent(delivered ? Outcome.DELIVERED : Outcome.PENDING, host);
    }
  }
}
