package io.salesrank.loader.cli;

import java.io.File;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.salesrank.loader.Database;
import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.RankOptions;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code salesrank run}: rank one hour, then publish it. */
@Command(name = "salesrank run", sortOptions = false,
    description = "Runs the two MapReduce steps for one hour and publishes the result into PostgreSQL."
        + " Exit 0: the new ranking is current (or, for an older hour, stored as history).")
public final class RunCommand extends Configured implements Tool, Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Mixin
  RankOptions rank;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Keep the intermediate sums and the ranking (DIR/ranking/) here; default: a temporary"
          + " directory, removed afterwards.")
  String work;

  @Mixin
  DbOptions db;

  @Mixin
  PublishMixin publish;

  @Override
  public int run(String[] args) {
    return CliSupport.execute(this, args);
  }

  @Override
  public Integer call() throws Exception {
    db.require();
    publish.options();
    Path workDir = work != null ? new Path(work) : temporaryWorkDir();
    FileSystem fs = workDir.getFileSystem(getConf());
    workDir = fs.makeQualified(workDir);
    Path rankingDir = new Path(workDir, "ranking");
    RankPipeline.Request request = rank.request(getConf(), rankingDir).withWork(workDir);
    // Reach the database before spending an hour of cluster time.
    try (Database database = db.open()) {
      System.err.println("run: database ready, " + database.describeMigration());
      fs.delete(rankingDir, true);
      try {
        new RankPipeline(Clock.systemUTC(), System.err).rank(getConf(), request);
        Publishing.publish(getConf(), database, publish, rankingDir, System.err);
      } finally {
        if (work == null) {
          fs.delete(workDir, true);
        }
      }
    }
    return CliSupport.OK;
  }

  /** A new directory name under the local temp dir, or under /tmp of the cluster's filesystem. */
  private Path temporaryWorkDir() throws IOException {
    String name = "salesrank-run-" + UUID.randomUUID();
    return "file".equals(FileSystem.get(getConf()).getScheme())
        ? new Path(new File(System.getProperty("java.io.tmpdir"), name).toURI())
        : new Path("/tmp", name);
  }
}
