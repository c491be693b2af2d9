package io.salesrank.mr.state;

import org.apache.hadoop.io.Text;

/**
 * One record of step 2's candidates, as the reducers that keep each category's best write it: the key
 * {@code category TAB product} and a {@link StateSum} of the product's units and score; or, with no
 * product, a category span's count of products above zero. Reused: both fields change with each set.
 */
public final class Candidate {

  private static final byte[] TAB = {'\t'};

  public final Text key = new Text();
  public final StateSum value = new StateSum();

  /** A kept product of {@code category}. */
  public void setProduct(Text category, byte[] product, int start, int length, double score, long units) {
    key.set(category);
    key.append(TAB, 0, 1);
    key.append(product, start, length);
    value.set(units, 1, score, Math.abs(score));
  }

  /** How many products of {@code category} scored above zero. */
  public void setCount(Text category, long products) {
    key.set(category);
    key.append(TAB, 0, 1);
    value.set(products, 0, 0, 0);
  }
}
