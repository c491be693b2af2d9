package io.salesrank.mr.sum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.salesrank.mr.tree.CategoryTree;
import io.salesrank.shared.Ids;

/**
 * The rankings a sale counts in (docs/ranking-rules.md): its own category, each ancestor of it when a
 * category tree is used, and the overall ranking {@code *}. The one place step 1 and the incremental
 * step fan a line out; it allocates nothing.
 */
public final class Fanout {

  /** Receives each category a sale counts in, as bytes; the array is shared, not to be kept. */
  @FunctionalInterface
  public interface Target {
    void add(byte[] category, int start, int length) throws IOException, InterruptedException;
  }

  private static final byte[] OVERALL = Ids.OVERALL.getBytes(StandardCharsets.US_ASCII);

  private final CategoryTree tree;

  /** {@code tree} may be null: no ancestors. */
  public Fanout(CategoryTree tree) {
    this.tree = tree;
  }

  /** Calls {@code target} for the category {@code bytes[start, start + length)}, its ancestors, and {@code *}. */
  public void each(byte[] bytes, int start, int length, Target target) throws IOException, InterruptedException {
    target.add(bytes, start, length);
    above(bytes, start, length, target);
  }

  /**
   * Calls {@code target} for each ancestor of the category {@code bytes[start, start + length)} and for
   * {@code *}: where a sum of sales in that category counts besides the category itself.
   */
  public void above(byte[] bytes, int start, int length, Target target) throws IOException, InterruptedException {
    if (tree != null) {
      for (byte[] ancestor : tree.ancestors(bytes, start, length)) {
        target.add(ancestor, 0, ancestor.length);
      }
    }
    target.add(OVERALL, 0, OVERALL.length);
  }
}
