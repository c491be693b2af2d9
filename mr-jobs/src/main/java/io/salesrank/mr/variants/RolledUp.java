package io.salesrank.mr.variants;

/**
 * A line's product id as every rule after the roll-up sees it: the parent's id for a listed variant,
 * else the line's own. Set once a line, before the line's keys are made; allocates nothing.
 */
public final class RolledUp {

  private final ProductParents parents;
  private byte[] bytes;
  private int start;
  private int length;

  /** @param parents the run's product parents; null: every product is its own parent */
  public RolledUp(ProductParents parents) {
    this.parents = parents;
  }

  /** Rolls up the product id {@code b[from, from + length)}. */
  public void set(byte[] b, int from, int idLength) {
    int parent = parents == null ? -1 : parents.parentIndex(b, from, idLength);
    if (parent < 0) {
      bytes = b;
      start = from;
      length = idLength;
    } else {
      bytes = parents.parentBytes();
      start = parents.parentStart(parent);
      length = parents.parentLength(parent);
    }
  }

  public byte[] bytes() {
    return bytes;
  }

  public int start() {
    return start;
  }

  public int length() {
    return length;
  }
}
