package io.salesrank.mr.sum;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Step 1 combiner and reducer: sums units and score of each (category, product). */
public class SumReducer extends Reducer<Text, ScoreSum, Text, ScoreSum> {

  private final ScoreSum sum = new ScoreSum();

  @Override
  protected void reduce(Text key, Iterable<ScoreSum> values, Context context)
      throws IOException, InterruptedException {
    sum.clear();
    for (ScoreSum value : values) {
      sum.add(value);
    }
    context.write(key, sum);
  }
}
