package io.salesrank.loader.push;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * Makes the pushes a ranking name's current ranking owes its subscriptions (docs/pushes.md): for each
 * subscription not yet pushed this ranking, its watched entries (every entry of a watched category's
 * list, every entry of a watched product) as the read API shows them (suppressed products left out,
 * ranks closed up), compared with what it was last sent; the changes, if any, become one pending
 * delivery whose body is fixed here. Each subscription is done in one transaction that holds its row,
 * so two {@code notify} at once never make a push twice.
 */
public final class PushQueue {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS);

  /** A push's body. */
  record Body(long subscriptionId, String ranking, String asOf, String comparedTo, List<Change> changes) {
  }

  /** A watched pair whose rank changed: entering ({@code previousRank} null) or leaving ({@code rank} null). */
  record Change(String categoryId, String productId, Integer rank, Integer previousRank, Long totalSold) {
  }

  /** A watched (category, product) pair. */
  private record Pair(String category, String product) implements Comparable<Pair> {
    private static final Comparator<Pair> ORDER = Comparator.comparing(Pair::category).thenComparing(Pair::product);

    @Override
    public int compareTo(Pair o) {
      return ORDER.compare(this, o);
    }
  }

  /** An entry of the current ranking as shown: its closed-up rank and its total. */
  private record Shown(String category, String product, int rank, long totalSold) {
  }

  private record Due(long id, List<String> products, List<String> categories) {
  }

  /** What a queueing did: subscriptions compared, and pushes made. */
  public record Queued(Instant asOf, int compared, int pushes) {
  }

  private PushQueue() {
  }

  /**
   * Makes the pushes owed by ranking {@code name}'s current ranking; null when the name has no
   * current ranking.
   */
  public static Queued enqueue(DataSource db, String name, PrintStream progress) throws SQLException {
    long runId;
    Instant asOf;
    List<Due> due = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT r.run_id, r.as_of FROM current_ranking cr JOIN ranking_run r ON r.run_id = cr.run_id
           WHERE cr.ranking_name = ?""")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          runId = rs.getLong(1);
          asOf = rs.getObject(2, OffsetDateTime.class).toInstant();
        }
      }
      try (PreparedStatement ps = c.prepareStatement("""
          SELECT subscription_id, products, categories FROM subscription
           WHERE ranking_name = ? AND sent_run_id IS DISTINCT FROM ? ORDER BY subscription_id""")) {
        ps.setString(1, name);
        ps.setLong(2, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            due.add(new Due(rs.getLong(1), Arrays.asList((String[]) rs.getArray(2).getArray()),
                Arrays.asList((String[]) rs.getArray(3).getArray())));
          }
        }
      }
      if (due.isEmpty()) {
        return new Queued(asOf, 0, 0);
      }
      Map<String, List<Shown>> byCategory = new HashMap<>();
      Map<String, List<Shown>> byProduct = new HashMap<>();
      shown(c, runId, due, byCategory, byProduct);
      progress.printf("notify: ranking %s as of %s: comparing %d subscriptions with what each was last sent%n",
          name, asOf, due.size());
      int pushes = 0;
      for (Due d : due) {
        if (queue(c, d, runId, name, asOf, byCategory, byProduct)) {
          pushes++;
        }
      }
      return new Queued(asOf, due.size(), pushes);
    }
  }

  /**
   * The current ranking's lists as the read API shows them, of every category a due subscription
   * watches or in which a watched product is ranked, by category and by product.
   */
  private static void shown(Connection c, long runId, List<Due> due, Map<String, List<Shown>> byCategory,
      Map<String, List<Shown>> byProduct) throws SQLException {
    Set<String> products = new TreeSet<>();
    Set<String> categories = new TreeSet<>();
    for (Due d : due) {
      products.addAll(d.products());
      categories.addAll(d.categories());
    }
    Set<String> suppressed = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT product_id FROM product_suppression");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        suppressed.add(rs.getString(1));
      }
    }
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT category_id, product_id, total_sold FROM sales_rank
         WHERE run_id = ? AND category_id IN (SELECT DISTINCT category_id FROM sales_rank
                                               WHERE run_id = ? AND (category_id = ANY (?) OR product_id = ANY (?)))
         ORDER BY category_id, rank""")) {
      ps.setLong(1, runId);
      ps.setLong(2, runId);
      ps.setArray(3, c.createArrayOf("text", categories.toArray()));
      ps.setArray(4, c.createArrayOf("text", products.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        String category = null;
        int rank = 0;
        while (rs.next()) {
          String product = rs.getString(2);
          if (!rs.getString(1).equals(category)) {
            category = rs.getString(1);
            rank = 0;
          }
          if (suppressed.contains(product)) {
            continue;  // left out, and the ranks below it close up, as the read API shows them
          }
          Shown s = new Shown(category, product, ++rank, rs.getLong(3));
          byCategory.computeIfAbsent(category, k -> new ArrayList<>()).add(s);
          if (products.contains(product)) {
            byProduct.computeIfAbsent(product, k -> new ArrayList<>()).add(s);
          }
        }
      }
    }
  }

  /** One subscription's push, in one transaction holding its row; true when a push was made. */
  private static boolean queue(Connection c, Due d, long runId, String name, Instant asOf,
      Map<String, List<Shown>> byCategory, Map<String, List<Shown>> byProduct) throws SQLException {
    c.setAutoCommit(false);
    try {
      Instant comparedTo;
      boolean first;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT sent_run_id, sent_as_of FROM subscription WHERE subscription_id = ? FOR UPDATE")) {
        ps.setLong(1, d.id());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next() || Objects.equals(rs.getObject(1), runId)) {
            c.rollback();
            return false;  // removed meanwhile, or pushed by a notify running beside this one
          }
          first = rs.getObject(1) == null;
          OffsetDateTime sent = rs.getObject(2, OffsetDateTime.class);
          comparedTo = sent == null ? null : sent.toInstant();
        }
      }
      Map<Pair, Shown> now = new TreeMap<>();
      for (String category : d.categories()) {
        for (Shown s : byCategory.getOrDefault(category, List.of())) {
          now.put(new Pair(s.category(), s.product()), s);
        }
      }
      for (String product : d.products()) {
        for (Shown s : byProduct.getOrDefault(product, List.of())) {
          now.put(new Pair(s.category(), s.product()), s);
        }
      }
      Map<Pair, Integer> before = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT category_id, product_id, rank FROM subscription_sent WHERE subscription_id = ?")) {
        ps.setLong(1, d.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            before.put(new Pair(rs.getString(1), rs.getString(2)), rs.getInt(3));
          }
        }
      }
      List<Change> changes = changes(now, first ? Map.of() : before);
      boolean pushed = !changes.isEmpty();
      if (pushed) {
        insertDelivery(c, d.id(), name, asOf, comparedTo, changes);
      }
      replaceSent(c, d.id(), now.values());
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE subscription SET sent_run_id = ?, sent_as_of = ? WHERE subscription_id = ?")) {
        ps.setLong(1, runId);
        ps.setObject(2, OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC));
        ps.setLong(3, d.id());
        ps.executeUpdate();
      }
      c.commit();
      return pushed;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Every pair whose rank differs between {@code now} and {@code before}, by category then product. */
  private static List<Change> changes(Map<Pair, Shown> now, Map<Pair, Integer> before) {
    TreeSet<Pair> pairs = new TreeSet<>(now.keySet());
    pairs.addAll(before.keySet());
    List<Change> changes = new ArrayList<>();
    for (Pair p : pairs) {
      Shown s = now.get(p);
      Integer rank = s == null ? null : s.rank();
      Integer previous = before.get(p);
      if (!Objects.equals(rank, previous)) {
        changes.add(new Change(p.category(), p.product(), rank, previous, s == null ? null : s.totalSold()));
      }
    }
    return changes;
  }

  private static void insertDelivery(Connection c, long subscriptionId, String name, Instant asOf, Instant comparedTo,
      List<Change> changes) throws SQLException {
    String body;
    try {
      body = JSON.writeValueAsString(new Body(subscriptionId, name, seconds(asOf),
          comparedTo == null ? null : seconds(comparedTo), changes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a push body", e);
    }
    try (PreparedStatement ps = c.prepareStatement("""
        INSERT INTO notification_delivery (delivery_id, subscription_id, ranking_name, as_of, compared_to, status,
                                           change_count, body)
        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)""")) {
      ps.setObject(1, UUID.randomUUID());
      ps.setLong(2, subscriptionId);
      ps.setString(3, name);
      ps.setObject(4, OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC));
      ps.setObject(5, comparedTo == null ? null : OffsetDateTime.ofInstant(comparedTo, ZoneOffset.UTC));
      ps.setInt(6, changes.size());
      ps.setString(7, body);
      ps.executeUpdate();
    }
  }

  private static void replaceSent(Connection c, long subscriptionId, java.util.Collection<Shown> now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription_sent WHERE subscription_id = ?")) {
      ps.setLong(1, subscriptionId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO subscription_sent (subscription_id, category_id, product_id, rank) VALUES (?, ?, ?, ?)")) {
      for (Shown s : now) {
        ps.setLong(1, subscriptionId);
        ps.setString(2, s.category());
        ps.setString(3, s.product());
        ps.setInt(4, s.rank());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static String seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
