package io.salesrank.mr;

import java.io.IOException;

import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;

/**
 * Hadoop's {@link SequenceFileOutputFormat} (the same files, paths and committer), for a job's main output
 * of many records. A reducer writing through a {@link FileOutputFormat} counts its bytes by summing the file
 * system's statistics before and after every record ({@code ReduceTask.NewTrackingRecordWriter}: two
 * synchronized walks over every thread's statistics a record); for an output format of another type it
 * does not. The state's totals, 471,000 records an hour in the benchmark, spent a third of their reduce
 * time there (bench/RESULTS.md). The bytes still count in the job's file system counters; only the
 * "File Output Format Counters" say zero.
 */
public final class SequenceFileOutput<K, V> extends OutputFormat<K, V> {

  private final SequenceFileOutputFormat<K, V> files = new SequenceFileOutputFormat<>();

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException, InterruptedException {
    return files.getRecordWriter(context);
  }

  @Override
  public void checkOutputSpecs(JobContext context) throws IOException, InterruptedException {
    files.checkOutputSpecs(context);
  }

  @Override
  public OutputCommitter getOutputCommitter(TaskAttemptContext context) throws IOException {
    return files.getOutputCommitter(context);
  }
}
