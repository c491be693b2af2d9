package io.salesrank.mr.top;

import java.io.IOException;

import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * Step 2: a distributed secondary sort by (category, score descending, product ascending) that
 * keeps the top N of each category. Output: the {@code part-r-*} lines of a ranking directory.
 */
public final class TopNJob {

  private TopNJob() {
  }

  /** The job for {@code conf}, which must carry the top N ({@link SalesRankConfig#TOP_N}). */
  public static Job create(Configuration conf, Path sums, Path output) throws IOException {
    Job job = Job.getInstance(conf, "salesrank top-" + SalesRankConfig.getTopN(conf));
    job.setJarByClass(TopNJob.class);
    job.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(job, sums);
    job.setMapperClass(TopNMapper.class);
    job.setReducerClass(TopNReducer.class);
    job.setMapOutputKeyClass(RankKey.class);
    job.setMapOutputValueClass(LongWritable.class);
    job.setPartitionerClass(CategoryPartitioner.class);
    job.setSortComparatorClass(RankKey.Comparator.class);
    job.setGroupingComparatorClass(RankKey.CategoryGroupingComparator.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    // The ranking directory is plain text by contract, whatever the cluster's default.
    FileOutputFormat.setCompressOutput(job, false);
    MultipleOutputs.addNamedOutput(job, TopNReducer.FALLBACKS_OUTPUT, TextOutputFormat.class, Text.class,
        IntWritable.class);
    return job;
  }
}
