package io.salesrank.mr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

import org.apache.hadoop.util.IndexedSortable;
import org.junit.jupiter.api.Test;

class OrderedFirstSortTest {

  /** An int array as Hadoop's sorts see one, counting the swaps. */
  private static final class Ints implements IndexedSortable {
    final int[] a;
    int swaps;

    Ints(int[] a) {
      this.a = a;
    }

    @Override
    public int compare(int i, int j) {
      return Integer.compare(a[i], a[j]);
    }

    @Override
    public void swap(int i, int j) {
      swaps++;
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  @Test
  void recordsInOrderAreLeftAsTheyAre() {
    int[] sorted = new Random(7).ints(10_000, 0, 500).sorted().toArray();
    Ints s = new Ints(sorted.clone());
    long before = OrderedFirstSort.sortsOutOfOrder();
    new OrderedFirstSort().sort(s, 0, s.a.length);
    assertThat(s.a).isEqualTo(sorted);
    assertThat(s.swaps).isZero();
    assertThat(OrderedFirstSort.sortsOutOfOrder()).isEqualTo(before);
  }

  @Test
  void recordsOutOfOrderAreSortedWithinTheRangeOnly() {
    Random random = new Random(11);
    for (int n : new int[] {2, 3, 17, 1_000, 20_000}) {
      int[] a = random.ints(n + 10, 0, 100).toArray();
      a[5] = 1_000;  // out of order inside [5, 5 + n)
      int[] expected = a.clone();
      Arrays.sort(expected, 5, 5 + n);
      Ints s = new Ints(a);
      long before = OrderedFirstSort.sortsOutOfOrder();
      new OrderedFirstSort().sort(s, 5, 5 + n);
      assertThat(s.a).as("n = %d", n).isEqualTo(expected);
      assertThat(OrderedFirstSort.sortsOutOfOrder()).isEqualTo(before + 1);
    }
  }
}
