package io.salesrank.loader.push;

import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import io.salesrank.shared.Ids;

/**
 * Subscriptions to rank changes (docs/pushes.md): add, remove, list. A secret is stored apart from its
 * subscription ({@code subscription_secret}) and never printed.
 */
public final class Subscriptions {

  /** The shortest secret accepted: an HMAC key should be at least as strong as a random 128-bit value. */
  public static final int MIN_SECRET_LENGTH = 16;

  private Subscriptions() {
  }

  /** A subscription as {@code subscribe add} takes it. */
  public record Subscription(URI url, String rankingName, List<String> products, List<String> categories) {

    /** The URL's host and port (or the scheme's default port): how /prometheus groups pushes. */
    public String host() {
      int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
  }

  /**
   * The URL a subscription may POST to: absolute {@code http} or {@code https} with a host, and no user
   * name or password in it (the signature authenticates a push; credentials in a URL end up in logs).
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static URI url(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--url is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("--url must be an http or https URL");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("--url has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("--url must not carry a user name or password: the signature"
          + " authenticates each push");
    }
    return uri;
  }

  /**
   * Checks what a subscription watches: at least one product or category, every product an id, every
   * category an id or {@code *}.
   *
   * @throws IllegalArgumentException naming the first bad one
   */
  public static void checkWatches(List<String> products, List<String> categories) {
    if (products.isEmpty() && categories.isEmpty()) {
      throw new IllegalArgumentException("a subscription watches at least one --product or --category");
    }
    for (String p : products) {
      if (!Ids.isId(p)) {
        throw new IllegalArgumentException("product id '" + p + "' must match " + Ids.PATTERN);
      }
    }
    for (String c : categories) {
      if (!c.equals("*") && !Ids.isId(c)) {
        throw new IllegalArgumentException("category id '" + c + "' must match " + Ids.PATTERN + " (or be *)");
      }
    }
  }

  /** Adds {@code s} with {@code secret}, in one transaction; returns its id. */
  public static long add(Connection c, Subscription s, String secret) throws SQLException {
    c.setAutoCommit(false);
    try {
      long id;
      try (PreparedStatement ps = c.prepareStatement("""
          INSERT INTO subscription (url, host, ranking_name, products, categories) VALUES (?, ?, ?, ?, ?)
          RETURNING subscription_id""")) {
        ps.setString(1, s.url().toString());
        ps.setString(2, s.host());
        ps.setString(3, s.rankingName());
        ps.setArray(4, c.createArrayOf("text", s.products().stream().distinct().sorted().toArray()));
        ps.setArray(5, c.createArrayOf("text", s.categories().stream().distinct().sorted().toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO subscription_secret (subscription_id, secret) VALUES (?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, secret);
        ps.executeUpdate();
      }
      c.commit();
      return id;
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Removes subscription {@code id}, its secret, what it was sent and its pushes; false when there is none. */
  public static boolean remove(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM subscription WHERE subscription_id = ?")) {
      ps.setLong(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  /**
   * Prints one line a subscription: {@code id TAB ranking TAB url TAB products TAB categories TAB created_at
   * TAB pending}, lists comma-separated ({@code -} for none), {@code pending} its undelivered pushes.
   */
  public static void list(Connection c, PrintStream out) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT s.subscription_id, s.ranking_name, s.url, s.products, s.categories,
               to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
               (SELECT count(*) FROM notification_delivery d
                 WHERE d.subscription_id = s.subscription_id AND d.status = 'pending')
          FROM subscription s ORDER BY s.subscription_id""");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.println(rs.getLong(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t" + joined(rs.getArray(4))
            + "\t" + joined(rs.getArray(5)) + "\t" + rs.getString(6) + "\t" + rs.getLong(7));
      }
    }
    out.flush();
  }

  private static String joined(Array a) throws SQLException {
    String[] values = (String[]) a.getArray();
    return values.length == 0 ? "-" : String.join(",", values);
  }
}
