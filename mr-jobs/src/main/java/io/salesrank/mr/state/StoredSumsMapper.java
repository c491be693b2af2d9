package io.salesrank.mr.state;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.sum.SumKeys;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Files' partial sums ({@link Buckets}), each counted as the plan says: {@code +} where the bucket is
 * inside this run's window (and the plan reads the file into it), {@code -} where it was inside the
 * window of the state's totals (and the plan takes the file out of them), nothing where both or
 * neither; the same again for the part of each window that weighs in the score; and so for each span
 * when sparse categories fall back ({@link SumKeys}). A decayed partial sum is relative to its bucket's
 * end and is carried to this run's end.
 */
public class StoredSumsMapper extends Mapper<Text, StateSum, Text, StateSum> {

  private final Text total = new Text();
  private final StateSum change = new StateSum();
  private Map<Long, long[]> plan;
  private Spans now;
  private Spans before;
  private RankingPolicy policy;
  private boolean paired;

  @Override
  protected void setup(Context context) throws IOException {
    List<RankingPolicy> spans = RankingRules.spans(context.getConfiguration());
    policy = spans.get(0);
    now = Spans.of(SalesRankConfig.getEndMillis(context.getConfiguration()), spans);
    long from = StateConfig.getFrom(context.getConfiguration());
    before = from == Long.MIN_VALUE ? null : Spans.of(from, spans);
    plan = IncrementalPlan.readSums(context.getConfiguration());
    paired = StateConfig.isPaired(context.getConfiguration());
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
    double factor = policy.weight(now.end() - end);
    int group = Buckets.PREFIX;
    int tab = group;
    while (b[tab] != '\t') {
      tab++;
    }
    for (int i = 0; i < now.size(); i++) {
      Window n = now.get(i);
      Window o = before == null ? null : before.get(i);
      boolean readNow = file[1] == 1 && n.reads(dirHour);
      boolean readBefore = file[2] == 1 && o != null && o.reads(dirHour);
      int counted = (readNow && n.covers(start, end) ? 1 : 0) - (readBefore && o.covers(start, end) ? 1 : 0);
      int scored = (readNow && n.coversScore(start, end) ? 1 : 0) - (readBefore && o.coversScore(start, end) ? 1 : 0);
      if (counted == 0 && scored == 0) {
        continue;
      }
      change.clear();
      change.add(sum, counted, scored, factor);
      if (paired) {
        SumKeys.setPaired(total, b, group, tab - group, i, b, tab + 1, key.getLength() - tab - 1);
      } else {
        SumKeys.set(total, b, group, tab - group, i, now.size(), b, tab + 1, key.getLength() - tab - 1);
      }
      context.write(total, change);
    }
  }
}
