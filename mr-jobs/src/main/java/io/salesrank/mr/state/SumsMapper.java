package io.salesrank.mr.state;

import java.io.IOException;
import java.util.Map;

import io.salesrank.mr.RankingPolicy;
import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Files' partial sums ({@link Buckets}), each counted as the plan says: {@code +} where the bucket is
 * inside this run's window (and the plan reads the file into it), {@code -} where it was inside the
 * window of the state's totals (and the plan takes the file out of them), nothing where both or
 * neither; the same again for the part of each window that weighs in the score. A decayed partial sum is relative to its bucket's end and is carried to this run's end.
 */
public class SumsMapper extends Mapper<Text, StateSum, Text, StateSum> {

  private final Text total = new Text();
  private final StateSum change = new StateSum();
  private Map<Long, long[]> plan;
  private Window now;
  private Window before;
  private RankingPolicy policy;

  @Override
  protected void setup(Context context) throws IOException {
    policy = SalesRankConfig.getPolicy(context.getConfiguration());
    now = Window.of(SalesRankConfig.getEndMillis(context.getConfiguration()), policy);
    long from = StateConfig.getFrom(context.getConfiguration());
    before = from == Long.MIN_VALUE ? null : Window.of(from, policy);
    plan = IncrementalPlan.readSums(context.getConfiguration());
  }

  @Override
  protected void map(Text key, StateSum sum, Context context) throws IOException, InterruptedException {
    byte[] b = key.getBytes();
    long[] file = plan.get(Buckets.fileId(b));
    if (file == null) {
      return;  // a file of the same version the plan does not read
    }
    long dirHour = file[0];
    long start = Buckets.start(b);
    long end = start + Buckets.length(Buckets.kind(b));
    boolean readNow = file[1] == 1 && now.reads(dirHour);
    boolean readBefore = file[2] == 1 && before != null && before.reads(dirHour);
    int counted = (readNow && now.covers(start, end) ? 1 : 0) - (readBefore && before.covers(start, end) ? 1 : 0);
    int scored = (readNow && now.coversScore(start, end) ? 1 : 0)
        - (readBefore && before.coversScore(start, end) ? 1 : 0);
    if (counted == 0 && scored == 0) {
      return;
    }
    double factor = policy.weight(now.end() - end);
    change.clear();
    change.add(sum, counted, scored, factor);
    total.set(b, Buckets.PREFIX, key.getLength() - Buckets.PREFIX);
    context.write(total, change);
  }
}
