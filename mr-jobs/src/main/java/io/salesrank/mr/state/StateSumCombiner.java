package io.salesrank.mr.state;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Adds up the changes to a (category, product)'s total before the shuffle. */
public class StateSumCombiner extends Reducer<Text, StateSum, Text, StateSum> {

  private final StateSum sum = new StateSum();

  @Override
  protected void reduce(Text key, Iterable<StateSum> values, Context context) throws IOException, InterruptedException {
    sum.clear();
    for (StateSum value : values) {
      sum.add(value);
    }
    context.write(key, sum);
  }
}
