package io.salesrank.mr.tree;

/** A category tree file that breaks a rule of docs/ranking-rules.md: one line naming the file, the line and why. */
public final class CategoryTreeException extends RuntimeException {

  public CategoryTreeException(String message) {
    super(message);
  }

  public CategoryTreeException(String message, Throwable cause) {
    super(message, cause);
  }
}
