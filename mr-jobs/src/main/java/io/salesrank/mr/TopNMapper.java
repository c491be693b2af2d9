package io.salesrank.mr;

import java.io.IOException;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Step 2 map: drops rows whose score is not above zero and keeps only the top N of each category
 * before the shuffle. Step 1's output is sorted by (category, product), so a category arrives in
 * one run and one bounded buffer suffices; should a category come back later it is simply
 * buffered again, which costs shuffle bytes, never correctness: the reducer takes the final top N.
 */
public class TopNMapper extends Mapper<Text, Writable, RankKey, LongWritable> {

  private final RankKey outKey = new RankKey();
  private final LongWritable outUnits = new LongWritable();
  private CategoryTopN best;

  @Override
  protected void setup(Context context) {
    best = new CategoryTopN(SalesRankConfig.getTopN(context.getConfiguration()),
        (category, product, start, length, score, units) -> {
          outKey.set(category, score, product, length);
          outUnits.set(units);
          context.write(outKey, outUnits);
        });
  }

  @Override
  protected void map(Text key, Writable value, Context context) throws IOException, InterruptedException {
    // Step 1's sums, or a state's totals (incremental runs): both know their score.
    best.offer(key, (RankedTotal) value);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    best.flush();
  }
}
