package io.salesrank.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ReferenceRanking;
import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.pipeline.RankPipeline;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.rules.RankingRules;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.DFSConfigKeys;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault drill (issue 14): a DataNode of a two-DataNode HDFS (replication 2) stops and starts again
 * while step 1 reads the logs from it; the rank (local job runner, input, sums and ranking on HDFS)
 * still ends, and its ranking equals the independent reference computed from the same logs.
 */
class DataNodeRestartDrillTest {

  private static final Instant FIRST = Instant.parse("2026-11-22T00:00:00Z");
  private static final RankingPolicy WINDOW = RankingPolicy.window(12);
  private static final int TOP = 30;

  @TempDir
  Path dir;

  @Test
  void aDataNodeRestartedDuringStepOneLeavesTheRankingRight() throws Exception {
    Path logs = dir.resolve("logs");
    new SalesGenerator(SalesGenerator.Spec.mixed(new org.apache.hadoop.fs.Path(logs.toUri()), FIRST, 12, 8_000, 3_000,
        20, 5)).generate(LocalHadoop.conf(dir), new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));

    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(dir.toFile(), "dfs").getAbsolutePath());
    conf.setInt(DFSConfigKeys.DFS_REPLICATION_KEY, 2);
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).numDataNodes(2).build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      dfs.waitClusterUp();
      FileSystem fs = dfs.getFileSystem();
      FileUtil.copy(new File(logs.toString()), fs, new org.apache.hadoop.fs.Path("/data/sales"), false, conf);
      for (FileStatus f : listFiles(fs, new org.apache.hadoop.fs.Path("/data/sales"))) {
        assertThat(f.getReplication()).isEqualTo((short) 2);
      }
      // The local job runner over hdfs:// paths: the map tasks read the logs' blocks from the DataNodes.
      Configuration job = new Configuration(conf);
      job.set("fs.defaultFS", fs.getUri().toString());
      job.set("mapreduce.framework.name", "local");
      job.set("hadoop.tmp.dir", dir.resolve("hadoop-tmp").toString());
      job.set("mapreduce.jobtracker.staging.root.dir", "/tmp/staging");

      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8);
      Instant hour = FIRST.plusSeconds(11 * 3600L);
      RankRequest request = new RankRequest(new org.apache.hadoop.fs.Path(fs.getUri() + "/data/sales"),
          RankRequest.endOfHour(hour), WINDOW, RankingRules.DEFAULT, TOP, 0.01, null);
      org.apache.hadoop.fs.Path work = new org.apache.hadoop.fs.Path(fs.getUri() + "/work");
      Future<RankingManifest> rank = pool.submit(() ->
          new RankPipeline(Clock.systemUTC(), out).rank(job, request, RankPipeline.Output.keptIn(work)));

      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!progress.toString(StandardCharsets.UTF_8).contains("step 1/2 sum: started")
          && !rank.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // Stop the DataNode that holds a replica of every block while step 1 reads them, then start it again.
      MiniDFSCluster.DataNodeProperties stopped = dfs.stopDataNode(0);
      String atStop = progress.toString(StandardCharsets.UTF_8);
      assertThat(atStop).as("step 1 was running when the DataNode stopped")
          .contains("step 1/2 sum: started").doesNotContain("step 1/2 sum: done");
      Thread.sleep(1_000);
      assertThat(dfs.restartDataNode(stopped, true)).isTrue();

      RankingManifest manifest = rank.get(5, TimeUnit.MINUTES);
      dfs.waitActive();
      System.out.print(progress.toString(StandardCharsets.UTF_8)); // kept in the surefire report
      assertThat(manifest.rows()).isPositive();

      List<RankedRow> rows = new ArrayList<>();
      for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(work, "ranking"),
          p -> p.getName().startsWith("part-"))) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
          in.lines().map(RankedRow::parse).forEach(rows::add);
        }
      }
      rows.sort(Comparator.comparing(RankedRow::categoryId).thenComparingInt(RankedRow::rank));
      List<RankedRow> expected = ReferenceRanking.compute(logs, hour, WINDOW, TOP);
      assertThat(expected).hasSizeGreaterThan(100);
      assertThat(rows).isEqualTo(expected);
      assertThat(manifest.counts().linesRead()).isGreaterThanOrEqualTo(12 * 8_000L);
    } finally {
      pool.shutdownNow();
      dfs.shutdown();
    }
  }

  private static List<FileStatus> listFiles(FileSystem fs, org.apache.hadoop.fs.Path root) throws java.io.IOException {
    List<FileStatus> files = new ArrayList<>();
    var it = fs.listFiles(root, true);
    while (it.hasNext()) {
      files.add(it.next());
    }
    return files;
  }
}
