package io.salesrank.mr.sum;

/** A sum that can be cleared and added to: what {@link SumsReducer} adds up. */
public interface Summable<V> {

  void clear();

  void add(V other);
}
