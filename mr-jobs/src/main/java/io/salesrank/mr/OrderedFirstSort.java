package io.salesrank.mr;

import java.util.concurrent.atomic.AtomicLong;

import org.apache.hadoop.util.IndexedSortable;
import org.apache.hadoop.util.IndexedSorter;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.util.QuickSort;

/**
 * The map-side sort ({@code map.sort.class}) for map tasks that emit their records already in order:
 * one pass checks that each record compares no greater than the next, and only records out of order
 * are sorted, by Hadoop's {@link QuickSort}. Step 1's map tasks hand over their in-task sums once, at
 * the end, in the order this sort puts them in ({@code InTaskSums.drainOrdered}); Hadoop's quicksort
 * over them was 18% of a map task (bench/RESULTS.md), the check is one comparison a record, of
 * neighbouring records. Whatever the order, the result is the sort's.
 */
public final class OrderedFirstSort implements IndexedSorter {

  /** Sorts in this JVM that found their records out of order: a diagnostic, read by tests. */
  private static final AtomicLong OUT_OF_ORDER = new AtomicLong();

  private final QuickSort quickSort = new QuickSort();

  /** How many sorts in this JVM found records out of order and sorted them. */
  public static long sortsOutOfOrder() {
    return OUT_OF_ORDER.get();
  }

  @Override
  public void sort(IndexedSortable s, int l, int r) {
    sort(s, l, r, null);
  }

  @Override
  public void sort(IndexedSortable s, int l, int r, Progressable rep) {
    for (int i = l + 1; i < r; i++) {
      if (s.compare(i - 1, i) > 0) {
        OUT_OF_ORDER.incrementAndGet();
        quickSort.sort(s, l, r, rep);
        return;
      }
    }
  }
}
