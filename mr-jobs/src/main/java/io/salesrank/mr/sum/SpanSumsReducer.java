package io.salesrank.mr.sum;

import java.io.IOException;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/** Step 1 combiner and reducer when sparse categories fall back: sums each ring ({@link SpanSums}). */
public class SpanSumsReducer extends Reducer<Text, SpanSums, Text, SpanSums> {

  private SpanSums sum;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    sum = new SpanSums(RankingRules.spanHours(conf).length);
  }

  @Override
  protected void reduce(Text key, Iterable<SpanSums> values, Context context) throws IOException, InterruptedException {
    sum.clear();
    for (SpanSums value : values) {
      sum.add(value);
    }
    context.write(key, sum);
  }
}
