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

  private final Text category = new Text();
  private final RankKey outKey = new RankKey();
  private final LongWritable outUnits = new LongWritable();
  private TopNBuffer buffer;

  @Override
  protected void setup(Context context) {
    buffer = new TopNBuffer(SalesRankConfig.getTopN(context.getConfiguration()));
  }

  @Override
  protected void map(Text key, Writable value, Context context)
      throws IOException, InterruptedException {
    // Step 1's sums, or a state's totals (incremental runs): both know their score.
    RankedTotal sum = (RankedTotal) value;
    if (!sum.isPositive()) {
      return;
    }
    byte[] bytes = key.getBytes();
    int length = key.getLength();
    int tab = 0;
    while (bytes[tab] != '\t') {
      tab++;
    }
    if (!sameCategory(bytes, tab)) {
      flush(context);
      category.set(bytes, 0, tab);
    }
    buffer.offer(bytes, tab + 1, length - tab - 1, sum.score(), sum.units());
  }

  private boolean sameCategory(byte[] bytes, int length) {
    return category.getLength() == length
        && org.apache.hadoop.io.WritableComparator.compareBytes(
            category.getBytes(), 0, length, bytes, 0, length) == 0;
  }

  private void flush(Context context) throws IOException, InterruptedException {
    for (int i = 0; i < buffer.size(); i++) {
      TopNBuffer.Entry e = buffer.get(i);
      outKey.set(category, e.score, e.product, e.productLength);
      outUnits.set(e.units);
      context.write(outKey, outUnits);
    }
    buffer.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    flush(context);
  }
}
