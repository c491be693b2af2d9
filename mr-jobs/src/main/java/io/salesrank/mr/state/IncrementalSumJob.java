package io.salesrank.mr.state;

import java.io.IOException;

import io.salesrank.mr.SequenceFileOutput;
import io.salesrank.mr.input.LineTally;
import io.salesrank.mr.input.SalesInputFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
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
 * ({@link ParseMapper}), files' partial sums ({@link StoredSumsMapper}) and the state's totals, which each
 * reducer merges from its own part ({@link StateSumReducer}). Output: SequenceFile {@code Text(category TAB product) -> StateSum}, which
 * step 2 ranks and which is the next state version's totals; plus, for a kept version, the parsed
 * files' partial sums under {@code c/} and their spans in {@code files-m-*}.
 */
final class IncrementalSumJob {

  private IncrementalSumJob() {
  }

  private static void writeEmpty(Configuration conf, Path file) throws IOException {
    SequenceFile.createWriter(conf, SequenceFile.Writer.file(file), SequenceFile.Writer.keyClass(Text.class),
        SequenceFile.Writer.valueClass(StateSum.class)).close();
  }

  /** The partial sums of a file, as a glob: {@code version/c/f<id>-m-*}. */
  static Path sumsOf(Path stateDir, FileIndex.Entry e) {
    return new Path(new Path(stateDir, e.version()), StateStore.SUMS_DIR + "/f" + e.fileId() + "-m-*");
  }

  /**
   * The job for {@code conf}, which carries the policy, the end and the plan; {@code totalsParts}
   * reducers when the state's totals are merged (as many as wrote them), else as configured.
   */
  static Job create(Configuration conf, IncrementalPlan plan, int totalsParts, Path stateDir, Path output,
      Path empty) throws IOException {
    Job job = Job.getInstance(conf, "salesrank sum (incremental)");
    job.setJarByClass(IncrementalSumJob.class);
    if (plan.parse.isEmpty() && plan.sums.isEmpty()) {
      // Nothing changed but the time: the reducers still carry the totals to the new end.
      writeEmpty(conf, empty);
      MultipleInputs.addInputPath(job, empty, SequenceFileInputFormat.class, StoredSumsMapper.class);
    }
    for (IncrementalPlan.Parse p : plan.parse) {
      MultipleInputs.addInputPath(job, p.path(), SalesInputFormat.class, ParseMapper.class);
    }
    if (totalsParts > 0) {
      // Each reducer merges the part of the totals it wrote last time: same partitioner, same count.
      job.setNumReduceTasks(totalsParts);
    }
    for (IncrementalPlan.Sums s : plan.sums) {
      MultipleInputs.addInputPath(job, sumsOf(stateDir, s.entry()), SequenceFileInputFormat.class, StoredSumsMapper.class);
    }
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(StateSum.class);
    if (StateConfig.isPaired(conf)) {
      job.setPartitionerClass(PairedPartitioner.class);
    }
    job.setCombinerClass(StateSumCombiner.class);
    job.setReducerClass(StateSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(StateSum.class);
    job.setOutputFormatClass(SequenceFileOutput.class);
    FileOutputFormat.setOutputPath(job, output);
    LineTally.addMalformedOutput(job);
    MultipleOutputs.addNamedOutput(job, StateConfig.SUMS_OUTPUT, SequenceFileOutputFormat.class, Text.class,
        StateSum.class);
    MultipleOutputs.addNamedOutput(job, StateConfig.CANDIDATES_OUTPUT, SequenceFileOutputFormat.class, Text.class,
        StateSum.class);
    MultipleOutputs.addNamedOutput(job, StateConfig.FILES_OUTPUT, TextOutputFormat.class, Text.class,
        NullWritable.class);
    return job;
  }
}
