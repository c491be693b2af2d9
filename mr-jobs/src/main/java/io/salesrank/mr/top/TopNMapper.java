package io.salesrank.mr.top;

import java.io.IOException;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.sum.RankedTotal;
import io.salesrank.mr.sum.ScoreSum;
import io.salesrank.mr.sum.SpanSums;
import io.salesrank.mr.sum.SumKeys;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Step 2 map: drops rows whose score is not above zero and keeps only the top N of each category
 * before the shuffle. Step 1's output is sorted by (category, product), so a category arrives in
 * one run and one bounded buffer suffices; should a category come back later it is simply
 * buffered again, which costs shuffle bytes, never correctness: the reducer takes the final top N.
 *
 * <p>When sparse categories fall back, each span of a category is ranked apart, and the reducer needs
 * to know how many products each span has above zero: the task counts them (step 1's rings,
 * {@link SpanSums}, added up into each span), or passes on the counts a state's reducers wrote beside
 * their candidates (a key with no product).
 */
public class TopNMapper extends Mapper<Text, Writable, RankKey, LongWritable> {

  private final RankKey outKey = new RankKey();
  private final LongWritable outUnits = new LongWritable();
  private final Text group = new Text();
  private final ScoreSum spanSum = new ScoreSum();
  private CategoryTopN best;
  /** Over several spans from step 1's rings: each span's best, one run per span. */
  private CategoryTopN[] bestOfSpan;
  private boolean countsUpstream;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    int spanCount = RankingRules.spanHours(conf).length;
    boolean spans = spanCount > 1;
    countsUpstream = spans && conf.getBoolean(SalesRankConfig.COUNTS_UPSTREAM, false);
    bestOfSpan = new CategoryTopN[spans && !countsUpstream ? spanCount : 0];
    for (int i = 0; i < bestOfSpan.length; i++) {
      Text group = new Text();
      byte[] mark = {SumKeys.SPAN_MARK, (byte) ('0' + i)};
      bestOfSpan[i] = new CategoryTopN(SalesRankConfig.getTopN(conf),
          (category, product, start, length, score, units) -> {
            group.set(category);
            group.append(mark, 0, 2);
            outKey.set(group, score, product, length);
            outUnits.set(units);
            context.write(outKey, outUnits);
          },
          (category, products) -> {
            group.set(category);
            group.append(mark, 0, 2);
            writeCount(group, products, context);
          });
    }
    best = new CategoryTopN(SalesRankConfig.getTopN(conf),
        (category, product, start, length, score, units) -> {
          outKey.set(category, score, product, length);
          outUnits.set(units);
          context.write(outKey, outUnits);
        }).minUnits(RankingPolicy.minUnitsRanked(conf));
  }

  private void writeCount(Text category, long products, Context context) throws IOException, InterruptedException {
    outKey.setCount(category);
    outUnits.set(products);
    context.write(outKey, outUnits);
  }

  @Override
  protected void map(Text key, Writable value, Context context) throws IOException, InterruptedException {
    if (value instanceof SpanSums rings) {
      for (int i = 0; i < bestOfSpan.length; i++) {
        rings.span(i, spanSum);
        bestOfSpan[i].offer(key, spanSum);
      }
      return;
    }
    // Step 1's sums, or a state's totals (incremental runs): both know their score.
    RankedTotal total = (RankedTotal) value;
    if (countsUpstream && key.getBytes()[key.getLength() - 1] == '\t') {
      group.set(key.getBytes(), 0, key.getLength() - 1);
      writeCount(group, total.units(), context);
      return;
    }
    best.offer(key, total);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    best.flush();
    for (CategoryTopN b : bestOfSpan) {
      b.flush();
    }
  }
}
