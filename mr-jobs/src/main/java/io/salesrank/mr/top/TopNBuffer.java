package io.salesrank.mr.top;

import java.util.Arrays;

import org.apache.hadoop.io.WritableComparator;

/**
 * The best {@code n} products of one category seen so far, by score descending then product id
 * ascending: a bounded heap whose root is the worst kept entry. Entries are pooled, so offering a
 * product allocates nothing once the buffers have grown to the longest id.
 */
final class TopNBuffer {

  static final class Entry {
    byte[] product = new byte[16];
    int productLength;
    double score;
    long units;

    void set(byte[] bytes, int start, int length, double score, long units) {
      if (product.length < length) {
        product = Arrays.copyOf(product, Math.max(length, product.length * 2));
      }
      System.arraycopy(bytes, start, product, 0, length);
      this.productLength = length;
      this.score = score;
      this.units = units;
    }
  }

  private final Entry[] heap;
  private int size;

  TopNBuffer(int capacity) {
    heap = new Entry[capacity];
    for (int i = 0; i < capacity; i++) {
      heap[i] = new Entry();
    }
  }

  int size() {
    return size;
  }

  /** The i-th kept entry, in no particular order. */
  Entry get(int i) {
    return heap[i];
  }

  void clear() {
    size = 0;
  }

  void offer(byte[] product, int start, int length, double score, long units) {
    if (size < heap.length) {
      heap[size].set(product, start, length, score, units);
      siftUp(size++);
    } else if (isWorse(heap[0], product, start, length, score)) {
      heap[0].set(product, start, length, score, units);
      siftDown(0);
    }
  }

  /** True when {@code e} ranks below the given product. */
  private static boolean isWorse(Entry e, byte[] product, int start, int length, double score) {
    if (e.score != score) {
      return e.score < score;
    }
    return WritableComparator.compareBytes(e.product, 0, e.productLength, product, start, length) > 0;
  }

  private static boolean isWorse(Entry a, Entry b) {
    return isWorse(a, b.product, 0, b.productLength, b.score);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!isWorse(heap[i], heap[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int worst = left;
      int right = left + 1;
      if (right < size && isWorse(heap[right], heap[left])) {
        worst = right;
      }
      if (!isWorse(heap[worst], heap[i])) {
        return;
      }
      swap(i, worst);
      i = worst;
    }
  }

  private void swap(int i, int j) {
    Entry t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }
}
