package io.salesrank.loader;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.salesrank.mr.SalesRankException;
import io.salesrank.shared.Ids;
import io.salesrank.shared.Messages;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The stock list ({@code salesrank stock}, docs/cli.md): read and checked whole before the database is
 * touched, then swapped in one transaction (the old rows deleted, the new ones copied in, the list's
 * version moved on), so readers see the old list or the new one and a refused file changes nothing.
 */
public final class StockList {

  /** What a swap did. */
  public record Swapped(int products, long inStock, long version, long millis) {
  }

  private final byte[] copy;
  private final int products;
  private final long inStock;

  private StockList(byte[] copy, int products, long inStock) {
    this.copy = copy;
    this.products = products;
    this.inStock = inStock;
  }

  /** The empty list: every product's stock unknown. */
  public static StockList empty() {
    return new StockList(new byte[0], 0, 0);
  }

  /**
   * Reads lines {@code product_id TAB in_stock} ({@code 1}, {@code 0}, {@code true} or {@code false};
   * {@code #} lines and empty lines skipped); {@code name} names the file in errors.
   *
   * @throws SalesRankException naming the file, the line and the reason at the first bad line
   */
  public static StockList parse(BufferedReader in, String name) throws IOException {
    ByteArrayOutputStream copy = new ByteArrayOutputStream(1 << 16);
    Map<String, Integer> firstLine = new HashMap<>();
    long inStock = 0;
    int number = 0;
    String line;
    while ((line = in.readLine()) != null) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      String where = "stock list " + name + ": line " + number + ": ";
      if (f.length != 2) {
        throw bad(where + "expected product_id TAB in_stock (1, 0, true or false)");
      }
      if (!Ids.isId(f[0])) {
        throw bad(where + "product_id must match " + Ids.PATTERN);
      }
      Boolean value = switch (f[1].strip().toLowerCase(Locale.ROOT)) {
        case "1", "true" -> Boolean.TRUE;
        case "0", "false" -> Boolean.FALSE;
        default -> null;
      };
      if (value == null) {
        throw bad(where + "in_stock must be 1, 0, true or false");
      }
      Integer first = firstLine.putIfAbsent(f[0], number);
      if (first != null) {
        throw bad(where + "product " + f[0] + " is listed twice (first on line " + first + ")");
      }
      copy.writeBytes((f[0] + (value ? "\tt\n" : "\tf\n")).getBytes(StandardCharsets.US_ASCII));
      inStock += value ? 1 : 0;
    }
    return new StockList(copy.toByteArray(), firstLine.size(), inStock);
  }

  private static SalesRankException bad(String message) {
    return new SalesRankException(message + "; the stock list is as it was");
  }

  /** How many products the list names. */
  public int products() {
    return products;
  }

  /** Replaces the list in the database with this one, in one transaction. */
  public Swapped swapInto(Connection c) throws SQLException {
    long started = System.nanoTime();
    c.setAutoCommit(false);
    try {
      long version;
      try (Statement s = c.createStatement()) {
        s.execute("DELETE FROM product_stock");
        if (copy.length > 0) {
          CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
              "COPY product_stock (product_id, in_stock) FROM STDIN");
          try {
            for (int at = 0; at < copy.length; at += 1 << 16) {
              in.writeToCopy(copy, at, Math.min(1 << 16, copy.length - at));
            }
            in.endCopy();
          } finally {
            if (in.isActive()) {
              in.cancelCopy();
            }
          }
        }
        try (ResultSet rs = s.executeQuery("UPDATE product_stock_version SET version = version + 1,"
            + " updated_at = now() RETURNING version")) {
          rs.next();
          version = rs.getLong(1);
        }
      }
      c.commit();
      return new Swapped(products, inStock, version, (System.nanoTime() - started) / 1_000_000);
    } catch (SQLException e) {
      try {
        c.rollback();
      } catch (SQLException again) {
        e.addSuppressed(again);
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** Prints the list in the database, {@code product_id TAB in_stock TAB updated_at} a line, by product. */
  public static void print(Connection c, PrintStream out) throws SQLException {
    // Streamed (a fetch size needs a transaction): a million lines never sit in memory at once.
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery("""
          SELECT product_id, in_stock, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM product_stock ORDER BY product_id""")) {
        while (rs.next()) {
          out.println(rs.getString(1) + '\t' + rs.getBoolean(2) + '\t' + rs.getString(3));
        }
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    out.flush();
  }

  /** One line for a failure of the database during {@code what}. */
  public static SalesRankException failure(String what, SQLException e) {
    return new SalesRankException("cannot " + what + " the stock list, it is as it was: " + Messages.rootMessage(e), e);
  }
}
