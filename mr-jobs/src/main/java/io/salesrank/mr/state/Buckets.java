package io.salesrank.mr.state;

import io.salesrank.mr.input.HourLayout;
import org.apache.hadoop.io.Text;

/**
 * The time buckets of a file's partial sums, and the key that carries one: {@code fileId} (8 bytes),
 * the bucket's start (8 bytes, epoch milliseconds), its length ({@link #HOUR} or {@link #MINUTE}, one
 * byte), then {@code category TAB product}.
 *
 * <p>A line in its own hour's directory is summed by the hour; a line filed in another hour's
 * directory (late, or from a clock running ahead) by the minute. A window ends on a whole minute and
 * reaches back whole hours, so a minute bucket is always wholly inside a window or wholly outside
 * it, and so is an hour bucket except at the two edges of a refresh ({@code --at}), whose own
 * directories are parsed again.
 */
final class Buckets {

  static final byte HOUR = 'H';
  static final byte MINUTE = 'M';
  static final long MINUTE_MILLIS = 60_000L;
  static final int PREFIX = 17;
  private static final byte[] TAB = {'\t'};

  private Buckets() {
  }

  /** The bucket of a line at {@code t} in the directory of hour {@code dirHour}. */
  static byte kindOf(long t, long dirHour) {
    return t - Math.floorMod(t, HourLayout.HOUR_MILLIS) == dirHour ? HOUR : MINUTE;
  }

  static long startOf(long t, byte kind) {
    return t - Math.floorMod(t, length(kind));
  }

  static long length(byte kind) {
    return kind == HOUR ? HourLayout.HOUR_MILLIS : MINUTE_MILLIS;
  }

  /**
   * Sets {@code key} to the bucket prefix followed by {@code cat[catStart..]}, a TAB and
   * {@code prod[prodStart..]}; {@code prefix} is the caller's scratch of {@link #PREFIX} bytes.
   */
  static void key(Text key, byte[] prefix, long fileId, long start, byte kind, byte[] cat, int catStart,
      int catLength, byte[] prod, int prodStart, int prodLength) {
    putLong(prefix, 0, fileId);
    putLong(prefix, 8, start);
    prefix[16] = kind;
    key.set(prefix);
    key.append(cat, catStart, catLength);
    key.append(TAB, 0, 1);
    key.append(prod, prodStart, prodLength);
  }

  static long fileId(byte[] key) {
    return getLong(key, 0);
  }

  static long start(byte[] key) {
    return getLong(key, 8);
  }

  static byte kind(byte[] key) {
    return key[16];
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }
}
