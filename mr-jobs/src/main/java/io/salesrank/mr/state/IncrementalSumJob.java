package io.salesrank.mr.state;

import java.io.IOException;

import io.salesrank.mr.LineTally;
import io.salesrank.mr.SalesInputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * Step 1 with a state: the new totals of every (category, product) from the files it parses
 * ({@link ParseMapper}), the state's totals ({@link TotalsMapper}) and files' partial sums
 * ({@link SumsMapper}). Output: SequenceFile {@code Text(category TAB product) -> StateSum}, which
 * step 2 ranks and which is the next state version's totals; plus, for a kept version, the parsed
 * files' partial sums under {@code c/} and their spans in {@code files-m-*}.
 */
final class IncrementalSumJob {

  private IncrementalSumJob() {
  }

  /** The partial sums of a file, as a glob: {@code version/c/f<id>-m-*}. */
  static Path sumsOf(Path stateDir, FileIndex.Entry e) {
    return new Path(new Path(stateDir, e.version()), StateStore.SUMS_DIR + "/f" + e.fileId() + "-m-*");
  }

  /** The job for {@code conf}, which carries the policy, the end and the plan. */
  static Job create(Configuration conf, IncrementalPlan plan, Path totals, Path stateDir, Path output)
      throws IOException {
    Job job = Job.getInstance(conf, "salesrank sum (incremental)");
    job.setJarByClass(IncrementalSumJob.class);
    for (IncrementalPlan.Parse p : plan.parse) {
      MultipleInputs.addInputPath(job, p.path(), SalesInputFormat.class, ParseMapper.class);
    }
    if (totals != null) {
      MultipleInputs.addInputPath(job, totals, SequenceFileInputFormat.class, TotalsMapper.class);
    }
    for (IncrementalPlan.Sums s : plan.sums) {
      MultipleInputs.addInputPath(job, sumsOf(stateDir, s.entry()), SequenceFileInputFormat.class, SumsMapper.class);
    }
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(StateSum.class);
    job.setCombinerClass(StateSumCombiner.class);
    job.setReducerClass(StateSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(StateSum.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    LineTally.addMalformedOutput(job);
    MultipleOutputs.addNamedOutput(job, StateConfig.SUMS_OUTPUT, SequenceFileOutputFormat.class, Text.class,
        StateSum.class);
    MultipleOutputs.addNamedOutput(job, StateConfig.FILES_OUTPUT, TextOutputFormat.class, Text.class,
        NullWritable.class);
    return job;
  }
}
