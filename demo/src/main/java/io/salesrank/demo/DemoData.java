package io.salesrank.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.rules.RankRequest;
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

  /** How far before the current ranking the demo publishes an earlier one: previous_rank's comparison. */
  static final Duration EARLIER = Duration.ofHours(24);

  /**
   * Generates the window ending with {@code hour} and the day before it under {@code dir}/logs, then
   * ranks and publishes it as of {@code hour} minus a day and as of {@code hour} (intermediate files and
   * rankings under {@code dir}/work), so that the API has a comparison ranking to show
   * {@code previous_rank} and {@code /movers} from. Returns the second, current, publish.
   */
  public static RankingPublisher.Result publishSampleWeek(Configuration conf, Path dir, Instant hour, Size size,
      String jdbcUrl, String user, String password, PrintStream progress) throws IOException, InterruptedException {
    FileSystem fs = dir.getFileSystem(conf);
    Path logs = new Path(dir, "logs");
    Path work = new Path(dir, "work");
    fs.delete(logs, true);
    fs.delete(work, true);
    RankRequest request = RankRequest.defaults(logs, RankRequest.endOfHour(hour));
    Instant earlierHour = hour.minus(EARLIER);
    RankRequest earlier = RankRequest.defaults(logs, RankRequest.endOfHour(earlierHour));
    int hours = request.policy().spanHours();
    int earlierHours = (int) EARLIER.toHours();
    progress.printf("demo: generating %d hours of sales (%d an hour) under %s%n", hours + earlierHours,
        size.salesPerHour(), logs);
    Instant start = hour.minus(Duration.ofHours(hours - 1));
    // The current window as it always was (seed 1, the same bytes), and the day before it from a
    // seed of its own, so that the current ranking does not change with the earlier one.
    new SalesGenerator(new SalesGenerator.Spec(logs, start, hours, size.salesPerHour(), size.products(),
        size.categories(), 1, SalesGenerator.Format.MIXED, 0, false, false)).generate(conf, progress);
    new SalesGenerator(new SalesGenerator.Spec(logs, start.minus(EARLIER), earlierHours, size.salesPerHour(),
        size.products(), size.categories(), 2, SalesGenerator.Format.MIXED, 0, false, false)).generate(conf, progress);
    try (Database db = Database.open(jdbcUrl, user, password)) {
      RankAndPublish publisher = new RankAndPublish(conf, db, PublishSettings.defaults(), progress);
      progress.printf("demo: ranking as of %s first, for the API to compare with%n",
          earlierHour.plus(Duration.ofHours(1)));
      publisher.rankAndPublish(earlier, new Path(work, "earlier"));
      return publisher.rankAndPublish(request, new Path(work, "current"));
    }
  }
}
