package io.salesrank.loader;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.UUID;

import io.salesrank.mr.Interruption;
import io.salesrank.mr.pipeline.RankPipeline;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The path of {@code load}, {@code run} and the demo: publish a ranking directory with a report on the
 * progress stream, or rank first and then publish.
 */
public final class RankAndPublish {

  private final Configuration conf;
  private final Database db;
  private final PublishSettings settings;
  private final PrintStream progress;

  public RankAndPublish(Configuration conf, Database db, PublishSettings settings, PrintStream progress) {
    this.conf = conf;
    this.db = db;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Ranks {@code request} and publishes it. The ranking and the sums go to {@code keptWork} (its
   * {@code ranking/} replaced) when given, else to a temporary directory removed afterwards.
   */
  public RankingPublisher.Result rankAndPublish(RankRequest request, Path keptWork)
      throws IOException, InterruptedException {
    Path work = keptWork != null ? keptWork : temporaryWorkDir(conf);
    FileSystem fs = work.getFileSystem(conf);
    RankPipeline.Output output = RankPipeline.Output.keptIn(fs.makeQualified(work));
    if (keptWork == null) {
      Interruption.removeOnInterrupt(fs, fs.makeQualified(work));
    }
    try {
      fs.delete(output.ranking(), true);
      new RankPipeline(Clock.systemUTC(), progress).rank(conf, request, output);
      String asOf = request.end().toString();
      if (Interruption.happened()) {
        throw new InterruptedIOException("interrupted before the publish");
      }
      Interruption.leaves("the ranking as of " + asOf + " was ranked but not published; run again to publish it");
      RankingPublisher.Result published = publish(output.ranking());
      Interruption.leaves("the ranking as of " + asOf + " was published just before");
      return published;
    } finally {
      if (keptWork == null) {
        fs.delete(work, true);
        Interruption.forget(fs.makeQualified(work));
      }
    }
  }

  /** Publishes a ranking directory written by {@code rank}, reporting what it did. */
  public RankingPublisher.Result publish(Path rankingDir) throws IOException {
    return publish(RankingDirectory.open(conf, rankingDir));
  }

  /** Publishes a ranking directory already opened (and so checked to be one). */
  public RankingPublisher.Result publish(RankingDirectory ranking) throws IOException {
    progress.printf("load: publishing %s (ranking %s, hour %s, as of %s)%n", ranking.path(),
        ranking.manifest().nameOrDefault(), ranking.manifest().hour(), ranking.manifest().asOf());
    RankingPublisher.Result r = new RankingPublisher(db.dataSource(), settings).publish(ranking);
    progress.printf("load: published %d rows in %d categories in %.2f s (%.2f s copying and indexing) as of %s%s;"
        + " %s%n", r.rows(), r.categories(), r.millis() / 1000.0, r.stagedMillis() / 1000.0, ranking.manifest().asOf(),
        r.replacedRuns() > 0 ? ", replacing the earlier run of that end and policy" : "",
        r.current() ? "it is the current ranking" + named(r.name())
            : "it joins the history but is not current: the current ranking" + named(r.name()) + " is as of "
                + r.currentAsOf());
    if (r.deletedRuns() > 0) {
      progress.printf("load: removed %d old runs (keeping %d hours of history)%n", r.deletedRuns(),
          settings.keepHours());
    }
    return r;
  }

  /** How the progress lines name a ranking: unnamed when it is {@code default}, as it was before names. */
  private static String named(String name) {
    return name.equals(Ids.DEFAULT_RANKING) ? "" : " " + name;
  }

  /** A new directory name under the local temp dir, or under /tmp of the cluster's filesystem. */
  static Path temporaryWorkDir(Configuration conf) throws IOException {
    String name = "salesrank-run-" + UUID.randomUUID();
    return "file".equals(FileSystem.get(conf).getScheme())
        ? new Path(new File(System.getProperty("java.io.tmpdir"), name).toURI())
        : new Path("/tmp", name);
  }
}
