package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.salesrank.loader.push.Notifier;
import io.salesrank.loader.push.Subscriptions;
import io.salesrank.loader.push.Webhook;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The push drills of docs/pushes.md, against real receivers and a real PostgreSQL: a thousand
 * subscriptions with one receiver answering 500 and one never answering; a notify killed with SIGKILL
 * half-way; two notify at once.
 */
class PushDrillTest {

  private static final int SUBSCRIPTIONS = 1000;

  @TempDir
  Path dir;
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** Publishes a ranking of 20 categories and adds {@link #SUBSCRIPTIONS} subscriptions, each to a path of its own. */
  private void setUp(Database db, WebhookReceiver receiver) throws Exception {
    new RankingPublisher(db.dataSource(), PublishSettings.defaults()).publish(RankingDirectory.open(new Configuration(),
        new org.apache.hadoop.fs.Path(RankingDirs.write(dir.resolve("ranking"), "2026-11-22T13", 50,
            RankingDirs.rows(20, 50, r -> 1000L - r)).toUri())));
    try (Connection c = db.dataSource().getConnection()) {
      for (int i = 0; i < SUBSCRIPTIONS; i++) {
        String secret = "drill-secret-" + i + "-abcdefgh";
        Subscriptions.add(c, new Subscriptions.Subscription(URI.create(receiver.receiver("/s" + i, secret)), "default",
            List.of(String.format("p%06d", 1 + i % 50)), List.of("c" + i % 20)), secret);
      }
    }
  }

  private Notifier notifier(Database db) {
    return new Notifier(db.dataSource(), new Webhook(Clock.systemUTC()), quiet);
  }

  private Map<String, String> deliveryIds() throws Exception {
    Map<String, String> ids = new HashMap<>();
    try (Connection c = pg.dataSource().getConnection(); var rs = c.createStatement().executeQuery(
        "SELECT '/s' || (subscription_id - 1), delivery_id FROM notification_delivery")) {
      while (rs.next()) {
        ids.put(rs.getString(1), rs.getString(2));
      }
    }
    return ids;
  }

  @Test
  void aFailingAndADeadReceiverHoldUpNoOneAndGetTheirPushesOnceTheyRecoverUnderTheSameIds() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
         Database db = Database.open(pg.jdbcUrl(), MigratedPostgres.USER, null, Notifier.WORKERS + 1)) {
      setUp(db, receiver);
      receiver.mode("/s17", WebhookReceiver.Mode.FAIL);
      receiver.mode("/s523", WebhookReceiver.Mode.HANG);
      long start = System.nanoTime();
      Notifier.Result first = notifier(db).notify("default");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(first.delivered()).isEqualTo(SUBSCRIPTIONS - 2);
      assertThat(first.pending()).isEqualTo(2);
      assertThat(first.pendingHosts()).containsExactly(receiver.hostAndPort());
      // The dead receiver costs its three attempts of 10 s and the backoff between them, nothing more.
      assertThat(took).isLessThan(Duration.ofMinutes(1));
      assertThat(receiver.taken()).extracting(WebhookReceiver.Push::path).doesNotContain("/s17", "/s523")
          .doesNotHaveDuplicates().hasSize(SUBSCRIPTIONS - 2);
      Map<String, String> ids = deliveryIds();
      assertThat(ids).hasSize(SUBSCRIPTIONS);
      assertThat(pg.scalar("SELECT attempts || ' ' || last_error FROM notification_delivery d"
          + " WHERE status = 'pending' AND subscription_id = 18")).isEqualTo("3 HTTP 500");
      assertThat(pg.scalar("SELECT attempts || ' ' || last_error FROM notification_delivery d"
          + " WHERE status = 'pending' AND subscription_id = 524")).isEqualTo("3 no answer within 10 s");

      receiver.recover();
      Notifier.Result second = notifier(db).notify("default");
      assertThat(second.delivered()).isEqualTo(2);
      assertThat(second.allDelivered()).isTrue();
      assertThat(receiver.taken()).hasSize(SUBSCRIPTIONS).allSatisfy(p -> assertThat(p.deliveryId())
          .as(p.path()).isEqualTo(ids.get(p.path())));
      assertThat(receiver.badSignatures()).isZero();
      assertThat(pg.scalar("SELECT count(*) FROM notification_delivery WHERE status = 'delivered'"))
          .isEqualTo("" + SUBSCRIPTIONS);
      assertThat(pg.scalar("SELECT attempts FROM notification_delivery WHERE subscription_id = 18")).isEqualTo("4");
    }
  }

  @Test
  void aNotifyKilledHalfWayLeavesTheRestToTheNextAndNothingIsTakenTwice() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
         Database db = Database.open(pg.jdbcUrl(), MigratedPostgres.USER, null, Notifier.WORKERS + 1)) {
      setUp(db, receiver);
      receiver.delay(100);
      Process notify = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "io.salesrank.loader.cli.SalesRankCli", "notify",
          "--jdbc-url", pg.jdbcUrl(), "--db-user", MigratedPostgres.USER)
          .redirectErrorStream(true).redirectOutput(dir.resolve("notify.log").toFile()).start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.taken().size() < SUBSCRIPTIONS / 3 && notify.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(receiver.taken().size()).as(Files.readString(dir.resolve("notify.log")))
            .isBetween(SUBSCRIPTIONS / 3, SUBSCRIPTIONS - 1);
      } finally {
        notify.destroyForcibly();
        assertThat(notify.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      receiver.delay(0);
      Notifier.Result next = notifier(db).notify("default");
      assertThat(next.allDelivered()).isTrue();
      assertThat(next.queued().pushes()).as("the killed notify had made every push").isZero();

      List<WebhookReceiver.Push> taken = receiver.taken();
      Map<String, Set<String>> bodiesById = taken.stream().collect(Collectors.groupingBy(
          WebhookReceiver.Push::deliveryId, Collectors.mapping(WebhookReceiver.Push::body, Collectors.toSet())));
      // Deduplicated by id, every subscription has its one push; a push taken twice (it was in flight when
      // the notify died, its delivery not yet recorded) is the same body both times.
      assertThat(bodiesById).hasSize(SUBSCRIPTIONS).allSatisfy((id, bodies) -> assertThat(bodies).hasSize(1));
      assertThat(bodiesById.keySet()).isEqualTo(new HashSet<>(deliveryIds().values()));
      assertThat(taken.size() - SUBSCRIPTIONS).as("taken twice").isLessThanOrEqualTo(Notifier.WORKERS);
      assertThat(pg.scalar("SELECT count(*) FROM notification_delivery WHERE status = 'delivered'"))
          .isEqualTo("" + SUBSCRIPTIONS);
    }
  }

  @Test
  void twoNotifyAtOnceNeverSendABodyTwice() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
         Database a = Database.open(pg.jdbcUrl(), MigratedPostgres.USER, null, Notifier.WORKERS + 1);
         Database b = Database.open(pg.jdbcUrl(), MigratedPostgres.USER, null, Notifier.WORKERS + 1)) {
      setUp(a, receiver);
      receiver.delay(5);
      // Both make the pushes and send them at once: each subscription's row, then each push's, is held by one.
      CompletableFuture<Notifier.Result> one = CompletableFuture.supplyAsync(() -> run(a));
      CompletableFuture<Notifier.Result> two = CompletableFuture.supplyAsync(() -> run(b));
      List<Notifier.Result> results = List.of(one.get(2, TimeUnit.MINUTES), two.get(2, TimeUnit.MINUTES));
      assertThat(results).allSatisfy(r -> assertThat(r.allDelivered()).isTrue());
      assertThat(results.stream().mapToInt(r -> r.queued().pushes()).sum()).isEqualTo(SUBSCRIPTIONS);
      assertThat(results.stream().mapToInt(Notifier.Result::delivered).sum()).isEqualTo(SUBSCRIPTIONS);
      List<String> ids = new ArrayList<>(receiver.taken().stream().map(WebhookReceiver.Push::deliveryId).toList());
      assertThat(ids).hasSize(SUBSCRIPTIONS).doesNotHaveDuplicates();
      assertThat(pg.scalar("SELECT count(*) FROM notification_delivery")).isEqualTo("" + SUBSCRIPTIONS);
    }
  }

  private Notifier.Result run(Database db) {
    try {
      return notifier(db).notify("default");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
