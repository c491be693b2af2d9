package io.salesrank.mr.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.junit.jupiter.api.Test;

class RankKeyTest {

  private static RankKey key(String category, double score, String product) {
    RankKey k = new RankKey();
    byte[] p = product.getBytes(StandardCharsets.UTF_8);
    k.set(new Text(category), score, p, p.length);
    return k;
  }

  private static byte[] bytes(RankKey key) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    key.write(out);
    return java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  private static int rawCompare(WritableComparator comparator, RankKey a, RankKey b) throws IOException {
    byte[] x = bytes(a);
    byte[] y = bytes(b);
    return Integer.signum(comparator.compare(x, 0, x.length, y, 0, y.length));
  }

  @Test
  void sortsByCategoryThenScoreDescendingThenProduct() throws IOException {
    WritableComparator raw = WritableComparator.get(RankKey.class);
    assertThat(raw).isInstanceOf(RankKey.Comparator.class);
    assertThat(rawCompare(raw, key("a", 1, "z"), key("b", 9, "a"))).isNegative();
    assertThat(rawCompare(raw, key("a", 9, "z"), key("a", 1, "a"))).isNegative();
    assertThat(rawCompare(raw, key("a", 5, "p1"), key("a", 5, "p2"))).isNegative();
    assertThat(rawCompare(raw, key("a", 5, "p10"), key("a", 5, "p9"))).isNegative();
    assertThat(rawCompare(raw, key("a", 5, "p"), key("a", 5, "p"))).isZero();
    assertThat(rawCompare(raw, key("*", 1, "p"), key("0", 1, "p"))).isNegative();
    assertThat(rawCompare(raw, key("ab", 1, "p"), key("a", 1, "p"))).isPositive();
  }

  @Test
  void rawOrderEqualsObjectOrderOnRandomKeys() throws IOException {
    WritableComparator raw = new RankKey.Comparator();
    Random random = new Random(3);
    List<RankKey> keys = new ArrayList<>();
    double[] scores = {0.0, 1e-300, 0.5, 1.0, 2.0, 1e9, 1e300, -1.0, 123.456};
    for (int i = 0; i < 300; i++) {
      keys.add(key("c" + random.nextInt(4), scores[random.nextInt(scores.length)],
          "p" + random.nextInt(30)));
    }
    for (RankKey a : keys.subList(0, 60)) {
      for (RankKey b : keys) {
        assertThat(rawCompare(raw, a, b)).as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
      }
    }
  }

  @Test
  void groupingLooksAtTheCategoryOnly() throws IOException {
    WritableComparator grouping = new RankKey.CategoryGroupingComparator();
    assertThat(rawCompare(grouping, key("c1", 9, "a"), key("c1", 1, "z"))).isZero();
    assertThat(rawCompare(grouping, key("c1", 9, "a"), key("c2", 9, "a"))).isNegative();
  }

  @Test
  void scoreBitsRoundTrip() {
    for (double d : new double[] {0.0, 1e-300, 0.5, 3.0, 1e300, -2.5}) {
      assertThat(RankKey.fromDescendingBits(RankKey.descendingBits(d))).isEqualTo(d);
    }
  }

  @Test
  void partitionerKeepsACategoryTogetherAndStaysInRange() {
    CategoryPartitioner partitioner = new CategoryPartitioner();
    LongWritable units = new LongWritable(1);
    for (int c = 0; c < 200; c++) {
      int p = partitioner.getPartition(key("c" + c, 1, "a"), units, 7);
      assertThat(p).isBetween(0, 6);
      assertThat(partitioner.getPartition(key("c" + c, 99, "zz"), units, 7)).isEqualTo(p);
    }
  }
}
