package io.salesrank.mr.state;

import java.io.IOException;

import io.salesrank.mr.HourLayout;
import io.salesrank.mr.RankingPolicy;
import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/** The state's totals, carried to this run's end: a decayed score ages by {@code 2^(-hours/h)}. */
public class TotalsMapper extends Mapper<Text, StateSum, Text, StateSum> {

  private final StateSum carried = new StateSum();
  private double factor;

  @Override
  protected void setup(Context context) {
    RankingPolicy policy = SalesRankConfig.getPolicy(context.getConfiguration());
    long hours = SalesRankConfig.getEndMillis(context.getConfiguration()) - StateConfig.getFrom(context.getConfiguration());
    factor = policy.kind() == RankingPolicy.Kind.DECAY
        ? StrictMath.pow(2.0, -(hours / (double) HourLayout.HOUR_MILLIS) / policy.halfLifeHours())
        : 1.0;
  }

  @Override
  protected void map(Text key, StateSum total, Context context) throws IOException, InterruptedException {
    carried.clear();
    carried.add(total, 1, factor);
    context.write(key, carried);
  }
}
