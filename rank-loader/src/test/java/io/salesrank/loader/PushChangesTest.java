package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.loader.push.Notifier;
import io.salesrank.loader.push.Subscriptions;
import io.salesrank.loader.push.Webhook;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes carry exactly the changes two published rankings imply (docs/pushes.md): a receiver outside the
 * product checks every signature, and its bodies equal what this test computes from the two rankings'
 * rows on its own (suppressed products left out and ranks closed up, as the read API shows them).
 */
class PushChangesTest {

  @TempDir
  Path dir;
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();
  private final ObjectMapper json = new ObjectMapper();
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** What a subscription watches. */
  private record Watch(String path, List<String> products, List<String> categories) {
  }

  private static final Set<String> SUPPRESSED = Set.of("p7");

  /** Five categories and the overall one, 12 of 30 products each, in a random order of their own. */
  private static List<RankedRow> ranking(long seed) {
    Random random = new Random(seed);
    List<RankedRow> rows = new ArrayList<>();
    for (String category : List.of("*", "c0", "c1", "c2", "c3", "c4")) {
      List<Integer> products = new ArrayList<>();
      for (int p = 0; p < 30; p++) {
        products.add(p);
      }
      Collections.shuffle(products, random);
      for (int r = 1; r <= 12; r++) {
        long units = 1000 - r * 10L;
        rows.add(new RankedRow(category, r, "p" + products.get(r - 1), units, units));
      }
    }
    return rows;
  }

  /** The watched entries of {@code rows} as shown: (category, product) to rank and total. */
  private static Map<List<String>, long[]> shown(List<RankedRow> rows, Watch w) {
    Map<List<String>, long[]> entries = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
        ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
    Map<String, Integer> closedUp = new HashMap<>();
    for (RankedRow r : rows) {
      if (SUPPRESSED.contains(r.productId())) {
        continue;
      }
      int rank = closedUp.merge(r.categoryId(), 1, Integer::sum);
      if (w.categories().contains(r.categoryId()) || w.products().contains(r.productId())) {
        entries.put(List.of(r.categoryId(), r.productId()), new long[] {rank, r.totalSold()});
      }
    }
    return entries;
  }

  /** The changes a push carries, as JSON, from {@code before} (null: a first push) to {@code now}. */
  private List<Map<String, Object>> changes(Map<List<String>, long[]> before, Map<List<String>, long[]> now) {
    Map<List<String>, long[]> all = new TreeMap<>(((TreeMap<List<String>, long[]>) now).comparator());
    all.putAll(now);
    if (before != null) {
      before.forEach(all::putIfAbsent);
    }
    List<Map<String, Object>> changes = new ArrayList<>();
    for (List<String> pair : all.keySet()) {
      Integer rank = now.containsKey(pair) ? (int) now.get(pair)[0] : null;
      Integer previous = before != null && before.containsKey(pair) ? (int) before.get(pair)[0] : null;
      if (!Objects.equals(rank, previous)) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("category_id", pair.get(0));
        c.put("product_id", pair.get(1));
        c.put("rank", rank);
        c.put("previous_rank", previous);
        c.put("total_sold", rank == null ? null : now.get(pair)[1]);
        changes.add(c);
      }
    }
    return changes;
  }

  @Test
  void aReceiverGetsExactlyTheChangesTheTwoRankingsImplySigned() throws Exception {
    List<RankedRow> first = ranking(1);
    List<RankedRow> second = ranking(2);
    List<Watch> watches = List.of(new Watch("/products", List.of("p1", "p2", "p3"), List.of()),
        new Watch("/c1", List.of(), List.of("c1")),
        new Watch("/overall-and-p5", List.of("p5"), List.of("*")),
        new Watch("/suppressed", List.of("p7"), List.of()),
        new Watch("/never-ranked", List.of("p999"), List.of("c999")));
    try (WebhookReceiver receiver = new WebhookReceiver();
         Database db = Database.open(pg.jdbcUrl(), MigratedPostgres.USER, null, Notifier.WORKERS + 1)) {
      Map<String, Long> ids = new HashMap<>();
      try (Connection c = db.dataSource().getConnection()) {
        for (Watch w : watches) {
          String secret = "secret-of-" + w.path() + "-0123456789";
          ids.put(w.path(), Subscriptions.add(c, new Subscriptions.Subscription(
              URI.create(receiver.receiver(w.path(), secret)), "default", w.products(), w.categories()), secret));
        }
        // Another name's subscription is no part of this name's pushes.
        Subscriptions.add(c, new Subscriptions.Subscription(URI.create(receiver.receiver("/other", "x".repeat(16))),
            "other", List.of("p1"), List.of()), "x".repeat(16));
        c.createStatement().execute("INSERT INTO product_suppression (product_id) VALUES ('p7')");
      }
      Notifier notifier = new Notifier(db.dataSource(), new Webhook(Clock.systemUTC()), quiet);
      assertThat(notifier.notify("default").queued()).as("no current ranking yet").isNull();

      publish(db, "2026-11-22T13", first);
      Notifier.Result one = notifier.notify("default");
      assertThat(one.allDelivered()).isTrue();
      // The product only ever suppressed and the one never ranked have nothing to be told.
      assertThat(one.delivered()).as("pushes to %s", receiver.taken().stream().map(WebhookReceiver.Push::path).toList())
          .isEqualTo(3);
      publish(db, "2026-11-22T14", second);
      Notifier.Result two = notifier.notify("default");
      assertThat(two.queued().compared()).isEqualTo(5);
      assertThat(two.delivered()).isEqualTo(3);
      assertThat(notifier.notify("default").delivered()).as("nothing new to push").isZero();

      List<WebhookReceiver.Push> taken = receiver.taken();
      assertThat(receiver.badSignatures()).isZero();
      assertThat(taken).hasSize(6).extracting(WebhookReceiver.Push::path).doesNotContain("/other", "/suppressed",
          "/never-ranked");
      for (Watch w : watches.subList(0, 3)) {
        List<JsonNode> bodies = taken.stream().filter(p -> p.path().equals(w.path()))
            .map(p -> read(p.body())).toList();
        assertThat(bodies).as(w.path()).hasSize(2);
        Map<List<String>, long[]> before = shown(first, w);
        Map<List<String>, long[]> now = shown(second, w);
        assertThat(bodies.get(0)).as(w.path() + " first").isEqualTo(
            expected(ids.get(w.path()), "2026-11-22T14:00:00Z", null, changes(null, before)));
        assertThat(bodies.get(1)).as(w.path() + " second").isEqualTo(
            expected(ids.get(w.path()), "2026-11-22T15:00:00Z", "2026-11-22T14:00:00Z", changes(before, now)));
        assertThat(bodies.get(1).get("changes").size()).as(w.path() + " changes").isPositive();
      }
      assertThat(pg.scalar("SELECT count(*) FROM notification_delivery WHERE status = 'delivered' AND attempts = 1"
          + " AND delivered_at IS NOT NULL")).isEqualTo("6");
      assertThat(taken.stream().map(WebhookReceiver.Push::deliveryId).distinct().count()).isEqualTo(6);
    }
  }

  private JsonNode expected(long id, String asOf, String comparedTo, List<Map<String, Object>> changes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subscription_id", id);
    body.put("ranking", "default");
    body.put("as_of", asOf);
    body.put("compared_to", comparedTo);
    body.put("changes", changes);
    try {
      // Through the text, as the receiver's bodies: numbers compare by value, not by their Java type.
      return json.readTree(json.writeValueAsString(body));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private void publish(Database db, String hour, List<RankedRow> rows) throws Exception {
    new RankingPublisher(db.dataSource(), PublishSettings.defaults()).publish(RankingDirectory.open(new Configuration(),
        new org.apache.hadoop.fs.Path(RankingDirs.write(dir.resolve(hour), hour, 12, rows).toUri())));
  }
}
