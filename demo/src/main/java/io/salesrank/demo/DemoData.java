package io.salesrank.loader.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.salesrank.loader.Database;
import io.salesrank.loader.PublishOptions;
import io.salesrank.loader.RankingDirectory;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.mr.RankPipeline;
import io.salesrank.mr.RankingPolicy;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.generate.SalesGenerator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The demo's data path: a sample week of sales, ranked and published, as {@code run} does it. */
public final class DemoData {

  /** How big the sample week is. */
  public record Size(int salesPerHour, int products, int categories) {
    public static final Size DEMO = new Size(3_000, 20_000, 200);
  }

  private DemoData() {
  }

  /** Generates the week ending with {@code hour} under {@code dir}, ranks it and publishes it. */
  public static RankingPublisher.Result publishSampleWeek(Configuration conf, Path dir, Instant hour, Size size,
      String jdbcUrl, String user, String password, PrintStream progress) throws IOException, InterruptedException {
    FileSystem fs = dir.getFileSystem(conf);
    Path logs = new Path(dir, "logs");
    Path work = new Path(dir, "work");
    fs.delete(logs, true);
    fs.delete(work, true);
    int hours = RankingPolicy.DEFAULT_WINDOW_HOURS;
    progress.printf("demo: generating %d hours of sales (%d an hour) under %s%n", hours, size.salesPerHour(), logs);
    new SalesGenerator(new SalesGenerator.Spec(logs, hour.minus(Duration.ofHours(hours - 1)), hours,
        size.salesPerHour(), size.products(), size.categories(), 1, SalesGenerator.Format.MIXED, 0, false, false))
        .generate(conf, progress);
    Path ranking = new Path(work, "ranking");
    new RankPipeline(Clock.systemUTC(), progress).rank(conf, new RankPipeline.Request(logs, hour,
        RankingPolicy.window(hours), SalesRankConfig.DEFAULT_TOP_N, 0.01, ranking, work));
    try (Database db = Database.open(jdbcUrl, user, password)) {
      RankingPublisher.Result result = new RankingPublisher(db.dataSource(), PublishOptions.defaults())
          .publish(RankingDirectory.open(conf, ranking));
      progress.printf("demo: published %d rows in %d categories%n", result.rows(), result.categories());
      return result;
    }
  }
}
