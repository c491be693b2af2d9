package io.salesrank.mr.sum;

/** A sum that can be cleared and added to: what {@link SumsReducer} adds up. */
public interface Summable<V> {

  void clear();

  void add(V other);

  /** Becomes the sum of {@code values} (a reducer's values: each read before the next replaces it). */
  default void setToSumOf(Iterable<? extends V> values) {
    clear();
    for (V value : values) {
      add(value);
    }
  }
}
