package io.salesrank.mr.state;

import java.io.IOException;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.top.CategoryTopN;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;

/**
 * The new total of each (category, product): the state's total carried to this run's end plus every
 * change; and each category's best N of this reducer's part, the candidates step 2 ranks, in the
 * named output {@link StateConfig#CANDIDATES_OUTPUT} (with, when sparse categories fall back, each
 * category span's count of products above zero, under the key {@code category-span TAB}). A refresh, which keeps no new state version,
 * writes the candidates only. The state's totals never cross the shuffle: they were written by this reducer's partition
 * of the previous run, sorted as the shuffle sorts, so each reducer merges its own part of them with
 * the changes it receives. A decayed score ages by {@code 2^(-hours/h)}. A total with no line left in
 * the window is dropped; what sales and returns that cancel leave of a score is made zero
 * ({@link StateSum#settle}). Under a trend each product's two sums arrive side by side (paired keys,
 * {@link PairedPartitioner}): the candidate is their difference, {@link TrendPair}.
 */
public class StateSumReducer extends Reducer<Text, StateSum, Text, StateSum> {

  private final StateSum sum = new StateSum();
  private final Candidate candidate = new Candidate();
  private PreviousTotals previous;
  private boolean decayed;
  private boolean keepTotals;
  private MultipleOutputs<Text, StateSum> outputs;
  private CategoryTopN best;
  private TrendPair trend;

  @Override
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    keepTotals = StateConfig.getKeepSums(conf);
    decayed = RankingPolicy.readFrom(conf).kind() == RankingPolicy.Kind.DECAY;
    outputs = new MultipleOutputs<>(context);
    boolean paired = StateConfig.isPaired(conf);
    boolean spans = !paired && RankingRules.spanHours(conf).length > 1;
    best = new CategoryTopN(SalesRankConfig.getTopN(conf), (category, product, start, length, score, units) -> {
      candidate.setProduct(category, product, start, length, score, units);
      outputs.write(StateConfig.CANDIDATES_OUTPUT, candidate.key, candidate.value, StateConfig.CANDIDATES_OUTPUT + "/part");
    }, !spans ? null : (category, products) -> {
      // Step 2 needs each span's count of products above zero, of which the candidates are a part only.
      candidate.setCount(category, products);
      outputs.write(StateConfig.CANDIDATES_OUTPUT, candidate.key, candidate.value, StateConfig.CANDIDATES_OUTPUT + "/part");
    }).minUnits(RankingPolicy.readFrom(conf).minUnitsRanked());
    trend = paired ? new TrendPair(best) : null;
    Path totals = StateConfig.getTotals(conf);
    if (totals == null) {
      return;
    }
    double factor = RankingPolicy.readFrom(conf).weight(SalesRankConfig.getEndMillis(conf) - StateConfig.getFrom(conf));
    previous = new PreviousTotals(conf,
        new Path(totals, String.format("part-r-%05d", context.getTaskAttemptID().getTaskID().getId())), factor);
  }

  @Override
  protected void reduce(Text key, Iterable<StateSum> values, Context context) throws IOException, InterruptedException {
    while (previous != null && previous.before(key)) {
      carryPrevious(context);
    }
    sum.setToSumOf(values);
    if (previous != null && previous.at(key)) {
      previous.addTo(sum);
      previous.advance();
    }
    write(key, context);
  }

  /** A total no change touched: aged and written as it is. */
  private void carryPrevious(Context context) throws IOException, InterruptedException {
    sum.clear();
    previous.addTo(sum);
    write(previous.key(), context);
    previous.advance();
  }

  private void write(Text key, Context context) throws IOException, InterruptedException {
    sum.settle(decayed);
    if (sum.lines() != 0) {
      if (trend != null) {
        trend.offer(key, sum);
      } else {
        best.offer(key, sum);
      }
      if (keepTotals) {
        context.write(key, sum);
      }
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    if (previous != null) {
      while (previous.before(null)) {
        carryPrevious(context);
      }
      previous.close();
    }
    if (trend != null) {
      trend.flush();
    }
    best.flush();
    outputs.close();
  }
}
