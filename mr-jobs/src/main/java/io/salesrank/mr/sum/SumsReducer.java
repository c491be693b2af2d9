package io.salesrank.mr.sum;

import java.io.IOException;

import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Adds up each key's sums: step 1's combiner, and its reducer when it writes every total ({@code sum}
 * alone, or {@link Spans} when sparse categories fall back; {@code rank} otherwise keeps only each
 * category's best, {@code pipeline.CandidatesReducer}), and the incremental step's combiner. One reused
 * sum; nothing allocated per key.
 */
public abstract class SumsReducer<V extends Writable & Summable<V>> extends Reducer<Text, V, Text, V> {

  private V sum;

  /** The reused sum, for this job's configuration. */
  protected abstract V newSum(Configuration conf);

  @Override
  protected void setup(Context context) {
    sum = newSum(context.getConfiguration());
  }

  @Override
  protected void reduce(Text key, Iterable<V> values, Context context) throws IOException, InterruptedException {
    sum.setToSumOf(values);
    context.write(key, sum);
  }

  /** Units and score of each (category, product). */
  public static final class Scores extends SumsReducer<ScoreSum> {
    @Override
    protected ScoreSum newSum(Configuration conf) {
      return new ScoreSum();
    }
  }

  /** Each ring of time of each (category, product), when sparse categories fall back. */
  public static final class Spans extends SumsReducer<SpanSums> {
    @Override
    protected SpanSums newSum(Configuration conf) {
      return new SpanSums(RankingRules.spanHours(conf).length);
    }
  }
}
