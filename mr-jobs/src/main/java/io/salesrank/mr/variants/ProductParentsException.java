package io.salesrank.mr.variants;

/** A product parent file that breaks a rule of docs/ranking-rules.md: one line naming the file, the line and why. */
public final class ProductParentsException extends RuntimeException {

  public ProductParentsException(String message) {
    super(message);
  }
}
