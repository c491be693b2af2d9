package io.salesrank.mr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner's reducers keep their shuffled map outputs in memory for the reduce. */
class LocalShuffleTest {

  @TempDir
  Path dir;

  @Test
  void theReduceThreadsShareTheShufflesPartOfTheHeap() {
    Configuration conf = new Configuration();
    conf.setInt(SalesRankConfig.LOCAL_REDUCES, 2);
    assertThat(SalesRankConfig.withLocalParallelism(conf).getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, -1))
        .isEqualTo(0.35f);
    conf.setFloat(MRJobConfig.SHUFFLE_INPUT_BUFFER_PERCENT, 0.5f);
    conf.setInt(SalesRankConfig.LOCAL_REDUCES, 4);
    assertThat(SalesRankConfig.withLocalParallelism(conf).getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, -1))
        .isEqualTo(0.125f);
  }

  @Test
  void leavesAClusterAndAnExplicitShareAlone() {
    Configuration cluster = new Configuration();
    cluster.set(MRConfig.FRAMEWORK_NAME, MRConfig.YARN_FRAMEWORK_NAME);
    assertThat(SalesRankConfig.withLocalParallelism(cluster).getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, 0f))
        .as("Hadoop's default").isZero();
    Configuration explicit = new Configuration();
    explicit.setFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, 0.1f);
    assertThat(SalesRankConfig.withLocalParallelism(explicit).getFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, -1))
        .isEqualTo(0.1f);
  }

  /**
   * A real job on the local runner, two maps and two reducers: with the share, each record is written
   * to disk once (by its map); with Hadoop's default, each reducer writes it a second time, merging its
   * map outputs into a file before the reduce. Both give the same output.
   */
  @Test
  void aRecordReachesTheDiskOnceOnTheMapSide() throws Exception {
    Path input = Files.createDirectories(dir.resolve("in"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      lines.add("k" + (i * 7919 % 5_003));
    }
    Files.write(input.resolve("a.txt"), lines.subList(0, 10_000), StandardCharsets.UTF_8);
    Files.write(input.resolve("b.txt"), lines.subList(10_000, 20_000), StandardCharsets.UTF_8);

    Configuration conf = LocalHadoop.conf(dir);
    conf.setInt(SalesRankConfig.LOCAL_MAPS, 2);
    conf.setInt(SalesRankConfig.LOCAL_REDUCES, 2);
    conf.setInt(MRJobConfig.NUM_REDUCES, 2);
    Job kept = count(SalesRankConfig.withLocalParallelism(conf), input, dir.resolve("kept"));
    Configuration hadoopDefault = new Configuration(conf);
    hadoopDefault.setFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, 0f);
    Job merged = count(SalesRankConfig.withLocalParallelism(hadoopDefault), input, dir.resolve("merged"));

    for (Job job : List.of(kept, merged)) {
      assertThat(job.getCounters().findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue()).isEqualTo(20_000);
    }
    assertThat(kept.getCounters().findCounter(TaskCounter.SPILLED_RECORDS).getValue()).isEqualTo(20_000);
    assertThat(merged.getCounters().findCounter(TaskCounter.SPILLED_RECORDS).getValue()).isEqualTo(40_000);
    assertThat(output(dir.resolve("kept"))).hasSize(5_003).isEqualTo(output(dir.resolve("merged")));
  }

  private static Job count(Configuration conf, Path input, Path output) throws Exception {
    Job job = Job.getInstance(conf, "count");
    job.setInputFormatClass(TextInputFormat.class);
    FileInputFormat.setInputPaths(job, LocalHadoop.path(input));
    job.setMapperClass(KeyOfLine.class);
    job.setReducerClass(CountOfKey.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(LongWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, LocalHadoop.path(output));
    assertThat(job.waitForCompletion(false)).isTrue();
    return job;
  }

  private static List<String> output(Path dir) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> parts = Files.list(dir)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        rows.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
      }
    }
    return rows.stream().sorted().toList();
  }

  public static final class KeyOfLine extends Mapper<LongWritable, Text, Text, LongWritable> {
    private final LongWritable one = new LongWritable(1);

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws java.io.IOException,
        InterruptedException {
      context.write(line, one);
    }
  }

  public static final class CountOfKey extends Reducer<Text, LongWritable, Text, LongWritable> {
    private final LongWritable count = new LongWritable();

    @Override
    protected void reduce(Text key, Iterable<LongWritable> values, Context context)
        throws java.io.IOException, InterruptedException {
      long n = 0;
      for (LongWritable v : values) {
        n += v.get();
      }
      count.set(n);
      context.write(key, count);
    }
  }
}
