package io.salesrank.mr.sum;

import org.apache.hadoop.io.Text;

/**
 * Keys of step 1's sums and of a state's totals: {@code category TAB product}, the product's sum in that
 * category. A run that ranks over several spans (sparse categories fall back, docs/ranking-rules.md) keeps
 * one sum per span: {@code category SPAN_MARK digit TAB product}, the digit the span's index (0 the
 * policy's own). {@link #SPAN_MARK} sorts below every id byte, so a category's spans stay together,
 * shortest first, wherever keys are sorted; the part before the TAB is the key's <em>group</em>, which
 * step 2 ranks as a unit. A state keeps a trend's two sums of a product (docs/ranking-rules.md) <em>paired</em>:
 * {@code category TAB product SPAN_MARK digit}, side by side wherever keys are sorted.
 */
public final class SumKeys {

  public static final byte SPAN_MARK = 1;
  private static final byte[] TAB = {'\t'};
  private static final byte[] MARKS = new byte[2 * 10];

  static {
    for (int i = 0; i < 10; i++) {
      MARKS[2 * i] = SPAN_MARK;
      MARKS[2 * i + 1] = (byte) ('0' + i);
    }
  }

  private SumKeys() {
  }

  /**
   * Sets {@code key} to {@code cat[cs, cs + cl)}, the span mark of {@code span} when {@code spans > 1},
   * a TAB and {@code prod[ps, ps + pl)}.
   */
  public static void set(Text key, byte[] cat, int cs, int cl, int span, int spans, byte[] prod, int ps, int pl) {
    key.set(cat, cs, cl);
    if (spans > 1) {
      key.append(MARKS, 2 * span, 2);
    }
    key.append(TAB, 0, 1);
    key.append(prod, ps, pl);
  }

  /** Sets {@code key} to the paired key of span {@code span}: {@code category TAB product SPAN_MARK digit}. */
  public static void setPaired(Text key, byte[] cat, int cs, int cl, int span, byte[] prod, int ps, int pl) {
    key.set(cat, cs, cl);
    key.append(TAB, 0, 1);
    key.append(prod, ps, pl);
    key.append(MARKS, 2 * span, 2);
  }

  /**
   * The length of {@code bytes[0, length)} without a trailing span mark: a group's category, or a paired
   * key's {@code category TAB product} (the whole length when there is no mark).
   */
  public static int withoutSpanMark(byte[] bytes, int length) {
    return length >= 2 && bytes[length - 2] == SPAN_MARK ? length - 2 : length;
  }


  /** The span index of a group: 0 without a span mark. */
  public static int span(byte[] group, int length) {
    return length >= 2 && group[length - 2] == SPAN_MARK ? group[length - 1] - '0' : 0;
  }
}
