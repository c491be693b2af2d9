package io.salesrank.mr.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ByteScanTest {

  /** Bytes drawn mostly from the ones the scans look for and their neighbours (0x08..0x0E, 0x00, 0x01). */
  private static byte[] random(SplittableRandom random, int length) {
    byte[] near = {'\t', '\n', '\r', 0x08, 0x0B, 0x0C, 0x0E, 0x00, 0x01, (byte) 0x89, (byte) 0x8A, 'a'};
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = random.nextInt(4) == 0 ? near[random.nextInt(near.length)] : (byte) random.nextInt(256);
    }
    return b;
  }

  @Test
  void findsWhatAByteByByteScanFinds() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 200_000; round++) {
      byte[] b = random(random, 1 + random.nextInt(40));
      int from = random.nextInt(b.length + 1);
      int to = from + random.nextInt(b.length - from + 1);
      byte c = random.nextBoolean() ? (byte) '\t' : b[random.nextInt(b.length)];
      int index = to;
      for (int i = to - 1; i >= from; i--) {
        if (b[i] == c) {
          index = i;
        }
      }
      assertThat(ByteScan.indexOf(b, from, to, c)).as("byte %d in [%d, %d)", c, from, to).isEqualTo(index);
      int lineEnd = to;
      for (int i = to - 1; i >= from; i--) {
        if (b[i] == '\n' || b[i] == '\r') {
          lineEnd = i;
        }
      }
      assertThat(ByteScan.lineEnd(b, from, to)).as("line end in [%d, %d)", from, to).isEqualTo(lineEnd);
    }
  }

  @Test
  void neverLooksPastTheEndItIsGiven() {
    byte[] b = "abcdefgh\tijklmnop\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(ByteScan.indexOf(b, 0, 8, (byte) '\t')).isEqualTo(8);
    assertThat(ByteScan.indexOf(b, 0, 9, (byte) '\t')).isEqualTo(8);
    assertThat(ByteScan.lineEnd(b, 9, 17)).isEqualTo(17);
    assertThat(ByteScan.lineEnd(b, 9, 18)).isEqualTo(17);
  }
}
