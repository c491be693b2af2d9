package io.salesrank.loader.cli;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.salesrank.loader.Database;
import io.salesrank.mr.HourLayout;
import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.SalesRankException;
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
    description = "Runs the two MapReduce steps for one hour (or each hour of a backfill, in order) and"
        + " publishes the result into PostgreSQL. Exit 0: the (last) new ranking is current.")
public final class RunCommand extends Configured implements Tool, Callable<Integer> {

  /** A year: a longer backfill is better split, and resumed with --from-hour. */
  static final int MAX_BACKFILL_HOURS = 8_784;

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Mixin
  RankOptions rank;

  @Option(names = "--from-hour", paramLabel = "YYYY-MM-DDTHH",
      description = "Backfill: publish every hour from this one to --to-hour, in order (instead of --hour).")
  Instant fromHour;

  @Option(names = "--to-hour", paramLabel = "YYYY-MM-DDTHH", description = "Backfill: the last hour to publish.")
  Instant toHour;

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
    List<Instant> hours = hours();
    db.require();
    publish.options();
    Path workDir = work != null ? new Path(work) : temporaryWorkDir();
    FileSystem fs = workDir.getFileSystem(getConf());
    workDir = fs.makeQualified(workDir);
    Path rankingDir = new Path(workDir, "ranking");
    List<RankPipeline.Request> requests = new ArrayList<>();
    for (Instant hour : hours) {
      requests.add(rank.request(getConf(), rankingDir, hour).withWork(workDir));
    }
    // Reach the database before spending an hour of cluster time.
    try (Database database = db.open(getConf())) {
      System.err.println("run: database ready, " + database.describeMigration());
      try {
        for (int i = 0; i < requests.size(); i++) {
          RankPipeline.Request request = requests.get(i);
          if (requests.size() > 1) {
            System.err.printf("run: hour %s (%d of %d)%n", HourLayout.formatHour(request.hour()), i + 1,
                requests.size());
          }
          fs.delete(rankingDir, true);
          try {
            new RankPipeline(Clock.systemUTC(), System.err).rank(getConf(), request);
            Publishing.publish(getConf(), database, publish, rankingDir, System.err);
          } catch (SalesRankException e) {
            throw requests.size() == 1 ? e : new SalesRankException("hour " + HourLayout.formatHour(request.hour())
                + ": " + e.getMessage() + (i > 0 ? "; the " + i + " hours before it are published, resume with"
                + " --from-hour " + HourLayout.formatHour(request.hour()) : ""), e);
          }
        }
      } finally {
        if (work == null) {
          fs.delete(workDir, true);
        }
      }
    }
    return CliSupport.OK;
  }

  /** {@code --hour}, or every hour of {@code --from-hour .. --to-hour}. */
  private List<Instant> hours() {
    if (fromHour == null && toHour == null) {
      if (rank.hour() == null) {
        throw rank.usage("Missing required option: '--hour=YYYY-MM-DDTHH' (or --from-hour and --to-hour)");
      }
      return List.of(rank.hour());
    }
    if (rank.hour() != null) {
      throw rank.usage("--hour excludes --from-hour and --to-hour");
    }
    if (fromHour == null || toHour == null) {
      throw rank.usage("--from-hour and --to-hour go together");
    }
    if (toHour.isBefore(fromHour)) {
      throw rank.usage("--to-hour is before --from-hour");
    }
    long count = Duration.between(fromHour, toHour).toHours() + 1;
    if (count > MAX_BACKFILL_HOURS) {
      throw rank.usage("a backfill covers at most " + MAX_BACKFILL_HOURS + " hours, got " + count);
    }
    List<Instant> hours = new ArrayList<>();
    for (Instant h = fromHour; !h.isAfter(toHour); h = h.plus(Duration.ofHours(1))) {
      hours.add(h);
    }
    return hours;
  }

  /** A new directory name under the local temp dir, or under /tmp of the cluster's filesystem. */
  private Path temporaryWorkDir() throws IOException {
    String name = "salesrank-run-" + UUID.randomUUID();
    return "file".equals(FileSystem.get(getConf()).getScheme())
        ? new Path(new File(System.getProperty("java.io.tmpdir"), name).toURI())
        : new Path("/tmp", name);
  }
}
