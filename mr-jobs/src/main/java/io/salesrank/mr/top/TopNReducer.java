package io.salesrank.mr.top;

import java.io.IOException;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SalesRankCounters;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;

/**
 * Step 2 reduce: one call per category, its rows best first (secondary sort); writes ranks 1..N
 * as ranking lines {@code category rank product total_sold score}.
 *
 * <p>When sparse categories fall back (docs/ranking-rules.md), a category's spans arrive one after the
 * other, shortest first, each led by its counts of products above zero: the first span with at least
 * {@code --min-products} of them (or the longest) is ranked, the others are skipped, and a category
 * ranked over a fallback span is written to the named output {@link #FALLBACKS_OUTPUT}.
 */
public class TopNReducer extends Reducer<RankKey, LongWritable, Text, NullWritable> {

  /** Named output of {@code category TAB span_hours} lines, in {@link #FALLBACKS_DIR}. */
  public static final String FALLBACKS_OUTPUT = "fallbacks";
  public static final String FALLBACKS_DIR = "_fallbacks";

  private final Text line = new Text();
  private final IntWritable fallbackHours = new IntWritable();
  private int topN;
  private int minProducts;
  private int[] spanHours;
  private Counter rows;
  private Counter categories;
  private MultipleOutputs<Text, NullWritable> outputs;

  @Override
  protected void setup(Context context) {
    Configuration conf = context.getConfiguration();
    topN = SalesRankConfig.getTopN(conf);
    spanHours = RankingRules.spanHours(conf);
    minProducts = RankingRules.minProducts(conf);
    rows = context.getCounter(SalesRankCounters.RANKED_ROWS);
    categories = context.getCounter(SalesRankCounters.RANKED_CATEGORIES);
    if (spanHours.length > 1) {
      outputs = new MultipleOutputs<>(context);
    }
  }

  @Override
  protected void reduce(RankKey key, Iterable<LongWritable> units, Context context)
      throws IOException, InterruptedException {
    int last = spanHours.length - 1;
    int span = -1;
    long products = 0;
    int chosen = -1;
    int rank = 0;
    // The key object is refilled with each value's key as the iteration advances.
    for (LongWritable u : units) {
      if (key.span() != span) {
        span = key.span();
        products = 0;
      }
      if (key.isCount()) {
        products += u.get();
        continue;
      }
      if (chosen < 0 && (products >= minProducts || span == last)) {
        chosen = span;
      }
      if (span != chosen) {
        if (chosen >= 0) {
          break;  // a longer span than the one ranked
        }
        continue;  // too few products over this span: the next one decides
      }
      if (++rank > topN) {
        break;
      }
      line.set(RankedRow.line(key.category().toString(), rank, key.product().toString(), u.get(), key.score()));
      context.write(line, NullWritable.get());
      rows.increment(1);
    }
    if (rank > 0) {
      categories.increment(1);
      if (chosen > 0) {
        fallbackHours.set(spanHours[chosen]);
        outputs.write(FALLBACKS_OUTPUT, key.category(), fallbackHours, FALLBACKS_DIR + "/part");
      }
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    if (outputs != null) {
      outputs.close();
    }
  }
}
