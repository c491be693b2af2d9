package io.salesrank.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.salesrank.loader.cli.SalesRankCli;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workflow's steps on a real HDFS and YARN (mini clusters in this JVM): rank runs as YARN jobs over
 * logs on HDFS for two consecutive hours with its state on HDFS, the loader publishes from hdfs:// into
 * a real PostgreSQL, and the result equals the local runner's, without a state, over the same input.
 */
class MiniClusterRunTest {

  private static final File BASE = new File("target/minicluster");
  /** An empty database: the loader migrates it. */
  @RegisterExtension
  static final MigratedPostgres PG = MigratedPostgres.empty();
  private static MiniDFSCluster dfs;
  private static MiniMRYarnCluster yarn;
  private static Configuration cluster;

  @BeforeAll
  static void startClusters() throws IOException {
    FileUtil.fullyDelete(BASE);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(BASE, "dfs").getAbsolutePath());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitClusterUp();
    conf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    conf.setInt(YarnConfiguration.NM_PMEM_MB, 4096);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    conf.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m");
    conf.setInt("mapreduce.map.memory.mb", 512);
    conf.setInt("mapreduce.reduce.memory.mb", 512);
    conf.set("mapreduce.map.java.opts", "-Xmx384m");
    conf.set("mapreduce.reduce.java.opts", "-Xmx384m");
    conf.setBoolean(YarnConfiguration.NM_DISK_HEALTH_CHECK_ENABLE, false);
    yarn = new MiniMRYarnCluster("salesrank", 1);
    yarn.init(conf);
    yarn.start();
    cluster = new Configuration(yarn.getConfig());
    cluster.set("mapreduce.framework.name", "yarn");
  }

  @AfterAll
  static void stopClusters() {
    if (yarn != null) {
      yarn.stop();
    }
    if (dfs != null) {
      dfs.shutdown();
    }
    FileUtil.fullyDelete(BASE);
  }

  private static int salesrank(Configuration conf, String... args) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return SalesRankCli.run(conf, args);
    } finally {
      System.setErr(original);
      System.out.print(err.toString(StandardCharsets.UTF_8)); // kept in the surefire report
    }
  }

  @Test
  void workflowStepsOnYarnPublishWhatTheLocalRunnerComputes() throws Exception {
    String hdfs = dfs.getFileSystem().getUri().toString();
    assertThat(salesrank(cluster, "generate", "--out", hdfs + "/data/sales", "--start", "2026-11-22T00",
        "--hours", "14", "--sales-per-hour", "300", "--products", "400", "--categories", "12", "--gzip")).isZero();

    // A category tree on HDFS, which the tasks get from the distributed cache.
    String tree = hdfs + "/apps/salesrank/categories.tsv";
    StringBuilder treeText = new StringBuilder("g0\ng1\n");
    for (int c = 0; c < 12; c++) {
      treeText.append('c').append(c).append("\tg").append(c / 6).append('\n');
    }
    try (var out = dfs.getFileSystem().create(new org.apache.hadoop.fs.Path(tree))) {
      out.write(treeText.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // The workflow's rank action for two consecutive hours, the policy and the rules as typed properties
    // and the state on HDFS: the second run parses the new hour only.
    String state = hdfs + "/data/salesrank/state";
    String work = null;
    for (String end : List.of("2026-11-22T13:00", "2026-11-22T14:00")) {
      work = hdfs + "/tmp/salesrank/" + end.replaceAll("\\D", "");
      assertThat(salesrank(cluster, "rank", "-D", "salesrank.policy.kind=window", "-D",
          "salesrank.policy.window.hours=24", "-D", "salesrank.policy.metric=orders", "-D",
          "salesrank.policy.category-tree=" + tree, "-D", "salesrank.policy.min-products=5", "-D",
          "salesrank.policy.fallback-hours=48", "--input", hdfs + "/data/sales", "--at", end, "--state", state,
          "--top", "20", "--max-malformed-ratio", "0.01", "--out", work + "/ranking")).isZero();
    }
    assertThat(yarn.getResourceManager().getRMContext().getRMApps()).hasSize(4);
    FileSystem fs = dfs.getFileSystem();
    RankingManifest second = RankingManifest.read(fs, new org.apache.hadoop.fs.Path(work + "/ranking/_ranking.json"));
    assertThat(second.input().hoursRead()).isEqualTo(1);
    assertThat(second.input().hoursFromState()).isEqualTo(13);
    // Hour 13 is a TSV hour (every fourth from the start is CSV, with a header): its 300 lines only.
    assertThat(second.counts().linesRead()).isEqualTo(300);
    {
      assertThat(salesrank(cluster, "load", "--ranking", work + "/ranking",
          "--jdbc-url", PG.jdbcUrl(), "--db-user", "postgres")).isZero();

      // The same input ranked on the local runner.
      Path local = Files.createTempDirectory(BASE.toPath().toAbsolutePath().getParent(), "local-");
      FileUtil.copy(dfs.getFileSystem(), new org.apache.hadoop.fs.Path("/data/sales"), new File(local.toFile(), "sales"),
          false, cluster);
      Files.writeString(local.resolve("categories.tsv"), treeText);
      Configuration localConf = LocalHadoop.conf(local);
      assertThat(salesrank(localConf, "rank", "--input", local.resolve("sales").toString(), "--hour", "2026-11-22T13",
          "--window-hours", "24", "--metric", "orders", "--category-tree", local.resolve("categories.tsv").toString(),
          "--min-products", "5", "--fallback-hours", "48", "--top", "20", "--out", local.resolve("ranking").toString()))
          .isZero();

      List<String> expected = new ArrayList<>();
      try (Stream<Path> parts = Files.list(local.resolve("ranking"))) {
        for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
          expected.addAll(Files.readAllLines(part));
        }
      }
      List<String> published = new ArrayList<>();
      try (Connection c = PG.dataSource().getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT category_id, rank, product_id, total_sold, score FROM sales_rank_current")) {
        while (rs.next()) {
          published.add(String.join("\t", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              Double.toString(rs.getDouble(5))));
        }
      }
      assertThat(expected).hasSizeGreaterThan(100);
      assertThat(published).containsExactlyInAnyOrderElementsOf(expected);
      // The tree reached the YARN tasks: each group ranks its subtree's sales.
      assertThat(published).anyMatch(row -> row.startsWith("g0\t1\t")).anyMatch(row -> row.startsWith("g1\t1\t"));
      FileUtil.fullyDelete(local.toFile());
    }
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(state + "/v-00000002/_state.json"))).isTrue();
  }
}
