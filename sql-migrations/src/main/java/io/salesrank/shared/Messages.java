package io.salesrank.shared;

/** How a failure is told in one line: every command and the read API print at most one per failure. */
public final class Messages {

  private Messages() {
  }

  /** The first line of {@code text}, stripped: remote exceptions carry a server's stack trace in their message. */
  public static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }

  /** {@code n} and the noun, singular or plural: "1 file", "3 files", "0 hours". */
  public static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  /** {@code n} and the singular or the plural given. */
  public static String count(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  /** The first line of the message of {@code e}'s innermost cause, or its class name when it has none. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
  }
}
