package io.salesrank.mr.top;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import io.salesrank.mr.sum.SumKeys;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;

/**
 * Step 2's composite key: (category, span, score descending, product ascending).
 *
 * <p>Serialised so that its bytes sort in that order: the category as a {@link Text}, the span's index
 * as one byte (0 unless sparse categories fall back, {@link SumKeys}), the score as 8 bytes whose
 * unsigned order is descending score, then the product as a {@link Text}. The raw {@link Comparator}
 * compares those bytes without deserialising.
 *
 * <p>A <em>count</em> key, with no product and an infinite score, carries in its value how many products
 * of the category's span a map task saw above zero; it sorts before that span's products, so the
 * reducer knows each span's count before it ranks over it.
 */
public final class RankKey implements WritableComparable<RankKey> {

  static {
    WritableComparator.define(RankKey.class, new Comparator());
  }

  private final Text category = new Text();
  private final Text product = new Text();
  private int span;
  private double score;

  /** A product of {@code group}: a category, or one span of it ({@link SumKeys}). */
  public void set(Text group, double score, byte[] product, int productLength) {
    setGroup(group);
    this.score = score;
    this.product.set(product, 0, productLength);
  }

  /** The count key of {@code group}. */
  public void setCount(Text group) {
    setGroup(group);
    this.score = Double.POSITIVE_INFINITY;
    this.product.clear();
  }

  private void setGroup(Text group) {
    byte[] b = group.getBytes();
    int length = group.getLength();
    this.category.set(b, 0, SumKeys.withoutSpanMark(b, length));
    this.span = SumKeys.span(b, length);
  }

  public int span() {
    return span;
  }

  /** Whether this is a count key (no product). */
  public boolean isCount() {
    return product.getLength() == 0;
  }

  public Text category() {
    return category;
  }

  public Text product() {
    return product;
  }

  public double score() {
    return score;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    category.write(out);
    out.writeByte(span);
    out.writeLong(descendingBits(score));
    product.write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    category.readFields(in);
    span = in.readByte();
    score = fromDescendingBits(in.readLong());
    product.readFields(in);
  }

  /** Bits whose unsigned byte order is the descending order of {@code score}. */
  static long descendingBits(double score) {
    long bits = Double.doubleToLongBits(score);
    long ascending = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    return ~ascending;
  }

  static double fromDescendingBits(long descending) {
    long ascending = ~descending;
    long bits = ascending < 0 ? ascending ^ Long.MIN_VALUE : ~ascending;
    return Double.longBitsToDouble(bits);
  }

  @Override
  public int compareTo(RankKey other) {
    int c = category.compareTo(other.category);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(span, other.span);
    if (c != 0) {
      return c;
    }
    c = Double.compare(other.score, score);
    if (c != 0) {
      return c;
    }
    return product.compareTo(other.product);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RankKey other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    return category.hashCode() * 31 + product.hashCode();
  }

  @Override
  public String toString() {
    return category + "\t" + span + "\t" + score + "\t" + product;
  }

  /** Length in bytes of the serialised category, vint prefix included, at {@code b[s]}. */
  static int categoryBytes(byte[] b, int s) throws IOException {
    return WritableUtils.decodeVIntSize(b[s]) + WritableComparator.readVInt(b, s);
  }

  private static int compareText(byte[] b1, int s1, byte[] b2, int s2) throws IOException {
    int n1 = WritableUtils.decodeVIntSize(b1[s1]);
    int n2 = WritableUtils.decodeVIntSize(b2[s2]);
    return compareBytes(b1, s1 + n1, WritableComparator.readVInt(b1, s1),
        b2, s2 + n2, WritableComparator.readVInt(b2, s2));
  }

  private static int compareBytes(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
    return WritableComparator.compareBytes(b1, s1, l1, b2, s2, l2);
  }

  /** Sort order of the shuffle: category, then span, then score descending, then product. */
  public static final class Comparator extends WritableComparator {
    public Comparator() {
      super(RankKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      try {
        int c = compareText(b1, s1, b2, s2);
        if (c != 0) {
          return c;
        }
        int p1 = s1 + categoryBytes(b1, s1);
        int p2 = s2 + categoryBytes(b2, s2);
        c = compareBytes(b1, p1, 9, b2, p2, 9);
        if (c != 0) {
          return c;
        }
        return compareText(b1, p1 + 9, b2, p2 + 9);
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }
  }

  /** Groups a reducer's input by category alone, so one call sees a category best first. */
  public static final class CategoryGroupingComparator extends WritableComparator {
    public CategoryGroupingComparator() {
      super(RankKey.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      try {
        return compareText(b1, s1, b2, s2);
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public int compare(WritableComparable a, WritableComparable b) {
      return ((RankKey) a).category.compareTo(((RankKey) b).category);
    }
  }
}
