package io.salesrank.mr;

/** A failure the user can act on: its message is the one line the command prints (exit 1). */
public class SalesRankException extends RuntimeException {

  public SalesRankException(String message) {
    super(message);
  }

  public SalesRankException(String message, Throwable cause) {
    super(message, cause);
  }
}
