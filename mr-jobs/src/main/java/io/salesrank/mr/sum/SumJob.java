package io.salesrank.mr.sum;

import java.io.IOException;
import java.util.List;

import io.salesrank.mr.OrderedFirstSort;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.SequenceFileOutput;
import io.salesrank.mr.input.LineTally;
import io.salesrank.mr.input.SalesInputFormat;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.IndexedSorter;

/**
 * Step 1: sums units and score of every (category, product), and of every product overall, over
 * the hour directories of the window. Output: SequenceFile {@code Text(category TAB product) ->
 * ScoreSum}, sorted by key within each part, plus {@code malformed-m-*} examples.
 */
public final class SumJob {

  private SumJob() {
  }

  /** The job for {@code conf}, which must carry the policy and end ({@link SalesRankConfig}). */
  public static Job create(Configuration conf, List<Path> hourDirs, Path output) throws IOException {
    Job job = Job.getInstance(conf, "salesrank sum");
    job.setJarByClass(SumJob.class);
    job.setInputFormatClass(SalesInputFormat.class);
    FileInputFormat.setInputPaths(job, hourDirs.toArray(new Path[0]));
    job.setMapperClass(SumMapper.class);
    // The mapper hands over its sums already ordered: the map-side sort checks instead of sorting.
    job.getConfiguration().setClass(MRJobConfig.MAP_SORT_CLASS, OrderedFirstSort.class, IndexedSorter.class);
    // Over several spans (sparse categories fall back) each sum is a ring per span.
    boolean rings = RankingRules.spanHours(conf).length > 1;
    Class<? extends Writable> value = rings ? SpanSums.class : ScoreSum.class;
    job.setCombinerClass(rings ? SumsReducer.Spans.class : SumsReducer.Scores.class);
    job.setReducerClass(rings ? SumsReducer.Spans.class : SumsReducer.Scores.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(value);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(value);
    job.setOutputFormatClass(SequenceFileOutput.class);
    FileOutputFormat.setOutputPath(job, output);
    LineTally.addMalformedOutput(job);
    return job;
  }

  /** The files step 2 reads from step 1's output directory. */
  public static Path sums(Path output) {
    return new Path(output, "part-r-*");
  }

}
