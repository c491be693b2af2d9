package io.salesrank.shared;

/**
 * Product and category ids (docs/input.md): {@code [A-Za-z0-9_.:-]{1,64}}, and the category id
 * {@code *} of the overall ranking; and the names of rankings ({@code [a-z0-9_-]{1,32}},
 * docs/ranking-rules.md), {@code default} when none is given. Checked byte by byte, without a regular expression: the parser and
 * the loader run it once per line.
 */
public final class Ids {

  /** The category id of the overall ranking. */
  public static final String OVERALL = "*";

  public static final int MAX_LENGTH = 64;

  /** The alphabet as users read it in error messages. */
  public static final String PATTERN = "[A-Za-z0-9_.:-]{1,64}";

  /** The name of a ranking published without {@code --name}. */
  public static final String DEFAULT_RANKING = "default";

  /** The alphabet of ranking names, as users read it in error messages. */
  public static final String NAME_PATTERN = "[a-z0-9_-]{1,32}";

  private static final int MAX_NAME_LENGTH = 32;

  private static final boolean[] ID_BYTE = new boolean[256];
  private static final boolean[] NAME_BYTE = new boolean[256];

  static {
    for (char c = 'A'; c <= 'Z'; c++) {
      ID_BYTE[c] = true;
      ID_BYTE[c + ('a' - 'A')] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ID_BYTE[c] = true;
    }
    for (char c : new char[] {'_', '.', ':', '-'}) {
      ID_BYTE[c] = true;
    }
    for (int c = 0; c < 256; c++) {
      NAME_BYTE[c] = ID_BYTE[c] && !(c >= 'A' && c <= 'Z') && c != '.' && c != ':';
    }
  }

  private Ids() {
  }

  /** Whether {@code b[from, to)} is an id. */
  public static boolean isId(byte[] b, int from, int to) {
    int n = to - from;
    if (n < 1 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!ID_BYTE[b[i] & 0xff]) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code text} is an id. */
  public static boolean isId(CharSequence text) {
    return matches(text, ID_BYTE, MAX_LENGTH);
  }

  /** Whether {@code text} is a ranking name. */
  public static boolean isRankingName(CharSequence text) {
    return matches(text, NAME_BYTE, MAX_NAME_LENGTH);
  }

  /** Whether {@code text} is 1 to {@code max} characters, each one {@code allowed} says yes to. */
  private static boolean matches(CharSequence text, boolean[] allowed, int max) {
    int n = text.length();
    if (n < 1 || n > max) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c > 0xff || !allowed[c]) {
        return false;
      }
    }
    return true;
  }
}
