package io.salesrank.mr.pipeline;

import java.io.IOException;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.state.Candidate;
import io.salesrank.mr.state.StateSum;
import io.salesrank.mr.sum.ScoreSum;
import io.salesrank.mr.sum.SumsReducer;
import io.salesrank.mr.top.CategoryTopN;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Step 1's reducer when {@code rank} runs both steps: adds up each key's sums as {@link SumsReducer} does,
 * but writes only each category's best N of this reducer's part, as a state's reducers write their
 * candidates ({@link StateSum}: units and the score step 2 would have computed), instead of every total.
 * Step 2 ranks the union of every part's best, which holds each category's best N: a key's sums all reach
 * one reducer, and products rank by score, then product, a total order. Over the benchmark week the
 * reducers write 66,000 records instead of 471,000, and step 2's map tasks read as many
 * (bench/RESULTS.md). Not for sparse categories' rings, whose step 2 needs every product's count.
 */
public class CandidatesReducer extends Reducer<Text, ScoreSum, Text, StateSum> {

  private final ScoreSum sum = new ScoreSum();
  private final Candidate candidate = new Candidate();
  private CategoryTopN best;

  @Override
  protected void setup(Context context) {
    best = new CategoryTopN(SalesRankConfig.getTopN(context.getConfiguration()),
        (category, product, start, length, score, units) -> {
          candidate.setProduct(category, product, start, length, score, units);
          context.write(candidate.key, candidate.value);
        }).minUnits(RankingPolicy.minUnitsRanked(context.getConfiguration()));
  }

  @Override
  protected void reduce(Text key, Iterable<ScoreSum> values, Context context) throws IOException, InterruptedException {
    sum.setToSumOf(values);
    best.offer(key, sum);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    best.flush();
  }
}
