package io.salesrank.mr.state;

import io.salesrank.mr.sum.SumsReducer;
import org.apache.hadoop.conf.Configuration;

/** Adds up the changes to a (category, product)'s total before the shuffle. */
public class StateSumCombiner extends SumsReducer<StateSum> {

  @Override
  protected StateSum newSum(Configuration conf) {
    return new StateSum();
  }
}
