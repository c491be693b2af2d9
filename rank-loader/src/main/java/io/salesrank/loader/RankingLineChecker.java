package io.salesrank.loader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import io.salesrank.shared.Ids;
import org.apache.hadoop.fs.Path;

/**
 * The per-line checks of {@link RankingDirectory#forEachRow}, over bytes, carrying state from line to
 * line: five fields, ids in the id alphabet, each category's ranks 1..n in rank order (score descending,
 * then product id), no product twice in a category, a category written in one place.
 */
final class RankingLineChecker {
  private static final byte[] OVERALL = Ids.OVERALL.getBytes(StandardCharsets.US_ASCII);

  private final int top;
  private final int[] tabs = new int[4];
  private final Set<String> categories = new HashSet<>();
  private final Set<String> products = new HashSet<>();
  private Path part;
  private long rows;
  private long lineNo;
  private byte[] category = new byte[0];
  private int categoryLength = -1;
  private String categoryName;
  private String previousProduct;
  private int previousRank;
  private double previousScore;

  RankingLineChecker(int top) {
    this.top = top;
  }

  long rows() {
    return rows;
  }

  long lineNo() {
    return lineNo;
  }

  Set<String> categories() {
    return categories;
  }

  void startFile(Path file) {
    part = file;
    lineNo = 0;
    categoryLength = -1;
  }

  /** Checks the whole lines in {@code b[from, to)}; returns the end of the last whole line. */
  int checkLines(byte[] b, int from, int to) {
    int start = from;
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        lineNo++;
        check(b, start, i);
        rows++;
        start = i + 1;
      }
    }
    return start;
  }

  private void check(byte[] b, int start, int end) {
    int found = 0;
    for (int i = start; i < end; i++) {
      if (b[i] == '\t') {
        if (found == 4) {
          throw RankingDirectory.bad(part, lineNo, "expected 5 TAB-separated fields");
        }
        tabs[found++] = i;
      }
    }
    if (found != 4) {
      throw RankingDirectory.bad(part, lineNo, "expected 5 TAB-separated fields");
    }
    long rank = digits(b, tabs[0] + 1, tabs[1]);
    // total_sold may be negative under decay: returns weigh fully, old sales decay.
    digits(b, b[tabs[2] + 1] == '-' ? tabs[2] + 2 : tabs[2] + 1, tabs[3]);
    double score = score(b, tabs[3] + 1, end);
    int categoryEnd = tabs[0];
    boolean sameCategory = categoryLength == categoryEnd - start
        && Arrays.equals(category, 0, categoryLength, b, start, categoryEnd);
    if (!sameCategory) {
      boolean overall = Arrays.equals(OVERALL, 0, OVERALL.length, b, start, categoryEnd);
      if (!overall && !Ids.isId(b, start, categoryEnd)) {
        throw RankingDirectory.bad(part, lineNo, "category_id is outside the id alphabet");
      }
      categoryLength = categoryEnd - start;
      if (category.length < categoryLength) {
        category = new byte[Math.max(64, categoryLength)];
      }
      System.arraycopy(b, start, category, 0, categoryLength);
      categoryName = new String(b, start, categoryLength, StandardCharsets.US_ASCII);
      if (!categories.add(categoryName)) {
        throw RankingDirectory.bad(part, lineNo, "category " + categoryName + " appears in more than one place");
      }
      products.clear();
      if (rank != 1) {
        throw RankingDirectory.bad(part, lineNo, "category " + categoryName + " starts at rank " + rank + ", not 1");
      }
    }
    if (!Ids.isId(b, tabs[1] + 1, tabs[2])) {
      throw RankingDirectory.bad(part, lineNo, "product_id is outside the id alphabet");
    }
    String product = new String(b, tabs[1] + 1, tabs[2] - tabs[1] - 1, StandardCharsets.US_ASCII);
    if (rank > top) {
      throw RankingDirectory.bad(part, lineNo, "rank " + rank + " is beyond the top " + top);
    }
    if (!(score > 0) || Double.isInfinite(score)) {
      throw RankingDirectory.bad(part, lineNo, "score must be a positive number");
    }
    if (sameCategory) {
      if (rank != previousRank + 1) {
        throw RankingDirectory.bad(part, lineNo, "category " + categoryName + " has rank " + rank + " after " + previousRank);
      }
      if (score > previousScore || (score == previousScore && product.compareTo(previousProduct) <= 0)) {
        throw RankingDirectory.bad(part, lineNo, "category " + categoryName + " is not in rank order at rank " + rank);
      }
    }
    if (!products.add(product)) {
      throw RankingDirectory.bad(part, lineNo, "product " + product + " appears twice in category " + categoryName);
    }
    previousRank = (int) rank;
    previousScore = score;
    previousProduct = product;
  }

  /** A non-negative decimal integer of at most 18 digits, as rank and total_sold are written. */
  private long digits(byte[] b, int from, int to) {
    if (to == from || to - from > 18) {
      throw RankingDirectory.bad(part, lineNo, "rank, total_sold or score is not a number");
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw RankingDirectory.bad(part, lineNo, "rank, total_sold or score is not a number");
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** The score: digits only (a window's count) without allocating, else Java's double syntax. */
  private double score(byte[] b, int from, int to) {
    boolean plain = to > from && to - from <= 15;
    for (int i = from; plain && i < to; i++) {
      plain = b[i] >= '0' && b[i] <= '9';
    }
    if (plain) {
      return digits(b, from, to);
    }
    try {
      return Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw RankingDirectory.bad(part, lineNo, "rank, total_sold or score is not a number");
    }
  }
}
