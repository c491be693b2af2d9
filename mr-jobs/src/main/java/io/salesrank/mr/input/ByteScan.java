package io.salesrank.mr.input;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds a byte in a run of bytes eight at a time (a word's bytes compared at once, "SIMD within a
 * register"): the line ends of a block and the separators of a line, the mapper's scans over every
 * byte it reads. Matches are exact: only a word's lowest flagged byte is taken, and that one is never
 * a false match.
 */
final class ByteScan {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LF = ONES * '\n';
  private static final long CR = ONES * '\r';

  private ByteScan() {
  }

  /** Bytes {@code [i, i + 8)} of {@code b} as a little-endian long. */
  static long longAt(byte[] b, int i) {
    return (long) LONGS.get(b, i);
  }

  /** The first {@code c} in {@code b[from, to)}, or {@code to}. */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = ONES * (c & 0xFF);
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long found = zeroBytes((long) LONGS.get(b, i) ^ pattern);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return to;
  }

  /** The first CR or LF in {@code b[from, to)}, or {@code to}. */
  static int lineEnd(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long found = zeroBytes(w ^ LF) | zeroBytes(w ^ CR);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n' || b[i] == '\r') {
        return i;
      }
    }
    return to;
  }

  /** The high bit of each zero byte of {@code x} set; above the lowest, a byte 1 may show as zero. */
  private static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }
}
