package io.salesrank.mr;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.Test;

class SortBufferTest {

  private static int sized(Configuration conf, long bytes) {
    Configuration job = SalesRankConfig.withLocalParallelism(conf);
    job.setInt(SalesRankConfig.LOCAL_MAPS, 2);
    SalesRankConfig.sizeSortBuffer(job, bytes);
    return job.getInt(MRJobConfig.IO_SORT_MB, -1);
  }

  @Test
  void aMapTaskGetsThreeTimesWhatItReadsBetweenSixteenMegabytesAndTheConfiguredSize() {
    Configuration conf = new Configuration();
    assertThat(sized(conf, 0)).isEqualTo(16);
    assertThat(sized(conf, 7L << 20)).as("an hourly run: 3.5 MB a task").isEqualTo(16);
    assertThat(sized(conf, 20L << 20)).as("10 MB a task").isEqualTo(30);
    assertThat(sized(conf, 813L << 20)).as("the benchmark week").isEqualTo(100);
    conf.setInt(MRJobConfig.IO_SORT_MB, 64);
    assertThat(sized(conf, 813L << 20)).as("never above what is configured").isEqualTo(64);
  }

  @Test
  void leavesAClusterAndAnExplicitSizeAlone() {
    Configuration cluster = new Configuration();
    cluster.set(MRConfig.FRAMEWORK_NAME, MRConfig.YARN_FRAMEWORK_NAME);
    assertThat(sized(cluster, 1 << 20)).isEqualTo(MRJobConfig.DEFAULT_IO_SORT_MB);
    Configuration explicit = new Configuration();
    explicit.setInt(MRJobConfig.IO_SORT_MB, 200);
    assertThat(sized(explicit, 1 << 20)).isEqualTo(200);
  }
}
