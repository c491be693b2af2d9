package io.salesrank.mr.state;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * The new total of each (category, product): the state's total carried to this run's end plus every
 * change. A total with no line left in the window is dropped; what sales and returns that cancel
 * leave of a score is made zero ({@link StateSum#settle}).
 */
public class StateSumReducer extends Reducer<Text, StateSum, Text, StateSum> {

  private final StateSum sum = new StateSum();

  @Override
  protected void reduce(Text key, Iterable<StateSum> values, Context context) throws IOException, InterruptedException {
    sum.clear();
    for (StateSum value : values) {
      sum.add(value);
    }
    sum.settle();
    if (sum.lines() != 0) {
      context.write(key, sum);
    }
  }
}
