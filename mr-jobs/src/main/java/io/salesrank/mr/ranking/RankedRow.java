package io.salesrank.mr.ranking;

import java.math.BigDecimal;

/**
 * One line of a ranking directory's {@code part-*} files (docs/ranking-directory.md):
 * {@code category_id TAB rank TAB product_id TAB total_sold TAB score}.
 */
public record RankedRow(String categoryId, int rank, String productId, long totalSold, double score) {

  public static String line(String categoryId, int rank, String productId, long totalSold, double score) {
    return categoryId + '\t' + rank + '\t' + productId + '\t' + totalSold + '\t' + formatScore(score);
  }

  public String toLine() {
    return line(categoryId, rank, productId, totalSold, score);
  }

  /** Parses a ranking line; throws {@link IllegalArgumentException} naming what is wrong. */
  public static RankedRow parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 5) {
      throw new IllegalArgumentException("expected 5 TAB-separated fields, found " + f.length);
    }
    try {
      return new RankedRow(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), Double.parseDouble(f[4]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("rank, total_sold or score is not a number");
    }
  }

  /** Shortest text that reads back as the same double, without an exponent. */
  static String formatScore(double score) {
    String s = Double.toString(score);
    return s.indexOf('E') < 0 ? s : new BigDecimal(s).toPlainString();
  }
}
