package io.salesrank.mr.fuzz;

import net.jqwik.api.Arbitrary;

/**
 * One parser of outside input under fuzzing: the jqwik {@link Arbitrary} of its inputs and the
 * properties every input must satisfy. The {@code @Property} tests and {@code bench/bench.sh fuzz}
 * (io.salesrank.bench.FuzzBench, through this module's test-jar) draw from the same arbitraries and
 * run the same checks; the tests with a few hundred tries, the bench with millions.
 */
public interface FuzzTarget<T> {

  /** A short name for reports. */
  String name();

  /** The inputs: random and structured near-valid ones. */
  Arbitrary<T> inputs();

  /** Checks every property on {@code input}; throws (an {@link AssertionError} or else) when one breaks. */
  void check(T input) throws Exception;

  /**
   * {@code input} for a report: escaped to printable ASCII, cut to a readable length, and with every
   * customer, seller and buyer id the generator made replaced, so no such id is ever printed.
   */
  String show(T input);

  /** Escapes {@code text} to printable ASCII ({@code \t}, {@code \xNN}, {@code \}{@code uNNNN}), cut at {@code max}. */
  static String escape(CharSequence text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else if (c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= max) {
      out.append("...(").append(text.length()).append(" chars)");
    }
    return out.toString();
  }
}
