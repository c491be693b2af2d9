package io.salesrank.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.mr.RankRequest;
import io.salesrank.mr.generate.SalesGenerator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The demo's data path: a sample week of sales, ranked and published as {@code run} does it, with its defaults. */
public final class DemoData {

  /** How big the sample week is. */
  public record Size(int salesPerHour, int products, int categories) {
    public static final Size DEMO = new Size(3_000, 20_000, 200);
  }

  private DemoData() {
  }

  /**
   * Generates the window ending with {@code hour} under {@code dir}/logs, then ranks it (intermediate
   * files and the ranking in {@code dir}/work) and publishes it.
   */
  public static RankingPublisher.Result publishSampleWeek(Configuration conf, Path dir, Instant hour, Size size,
      String jdbcUrl, String user, String password, PrintStream progress) throws IOException, InterruptedException {
    FileSystem fs = dir.getFileSystem(conf);
    Path logs = new Path(dir, "logs");
    Path work = new Path(dir, "work");
    fs.delete(logs, true);
    fs.delete(work, true);
    RankRequest request = RankRequest.defaults(logs, RankRequest.endOfHour(hour));
    int hours = request.policy().spanHours();
    progress.printf("demo: generating %d hours of sales (%d an hour) under %s%n", hours, size.salesPerHour(), logs);
    new SalesGenerator(new SalesGenerator.Spec(logs, hour.minus(Duration.ofHours(hours - 1)), hours,
        size.salesPerHour(), size.products(), size.categories(), 1, SalesGenerator.Format.MIXED, 0, false, false))
        .generate(conf, progress);
    try (Database db = Database.open(jdbcUrl, user, password)) {
      return new RankAndPublish(conf, db, PublishSettings.defaults(), progress).rankAndPublish(request, work);
    }
  }
}
