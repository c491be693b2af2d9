package io.salesrank.mr;

import java.io.IOException;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Step 2 reduce: one call per category, its rows best first (secondary sort); writes ranks 1..N
 * as ranking lines {@code category rank product total_sold score}.
 */
public class TopNReducer extends Reducer<RankKey, LongWritable, Text, NullWritable> {

  private final Text line = new Text();
  private int topN;
  private Counter rows;
  private Counter categories;

  @Override
  protected void setup(Context context) {
    topN = SalesRankConfig.getTopN(context.getConfiguration());
    rows = context.getCounter(SalesRankCounters.RANKED_ROWS);
    categories = context.getCounter(SalesRankCounters.RANKED_CATEGORIES);
  }

  @Override
  protected void reduce(RankKey key, Iterable<LongWritable> units, Context context)
      throws IOException, InterruptedException {
    categories.increment(1);
    int rank = 0;
    // The key object is refilled with each value's key as the iteration advances.
    for (LongWritable u : units) {
      if (++rank > topN) {
        break;
      }
      line.set(RankedRow.line(key.category().toString(), rank, key.product().toString(),
          u.get(), key.score()));
      context.write(line, NullWritable.get());
      rows.increment(1);
    }
  }
}
