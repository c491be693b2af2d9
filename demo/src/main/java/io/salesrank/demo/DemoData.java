package io.salesrank.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.loader.StockList;
import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.rules.RankRequest;
import io.salesrank.mr.rules.RankingPolicy;
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

  /** The second name the demo publishes beside {@code default}: what sells now, by a day's half-life. */
  public static final String HOT = "hot";
  static final RankingPolicy HOT_POLICY = RankingPolicy.decay(24, 168);
  /** The third name: what sells faster over the last day than over the day before (a trend). */
  public static final String RISING = "rising";
  static final RankingPolicy RISING_POLICY = RankingPolicy.trend(24, 5);

  /**
   * Generates the window ending with {@code hour} and the day before it under {@code dir}/logs, then
   * ranks and publishes it as of {@code hour} minus a day and as of {@code hour} (intermediate files and
   * rankings under {@code dir}/work), so that the API has a comparison ranking to show
   * {@code previous_rank} and {@code /movers} from; the same for a second name, {@value #HOT} (decay
   * with a 24-hour half-life over a week), and a third, {@value #RISING} (a 24-hour trend); and a stock
   * list ({@link #stock}). Returns the current publish of {@code default}.
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
    new SalesGenerator(SalesGenerator.Spec.mixed(logs, start, hours, size.salesPerHour(), size.products(),
        size.categories(), 1)).generate(conf, progress);
    new SalesGenerator(SalesGenerator.Spec.mixed(logs, start.minus(EARLIER), earlierHours, size.salesPerHour(),
        size.products(), size.categories(), 2)).generate(conf, progress);
    try (Database db = Database.open(jdbcUrl, user, password)) {
      RankAndPublish publisher = new RankAndPublish(conf, db, PublishSettings.defaults(), progress);
      progress.printf("demo: ranking as of %s first, for the API to compare with%n",
          earlierHour.plus(Duration.ofHours(1)));
      publisher.rankAndPublish(earlier, new Path(work, "earlier"));
      RankingPublisher.Result current = publisher.rankAndPublish(request, new Path(work, "current"));
      progress.printf("demo: ranking %s (decay, half-life 24 h) as of both, beside default%n", HOT);
      publisher.rankAndPublish(named(earlier, HOT, HOT_POLICY), new Path(work, "hot-earlier"));
      publisher.rankAndPublish(named(request, HOT, HOT_POLICY), new Path(work, "hot-current"));
      progress.printf("demo: ranking %s (trend, the last 24 h against the 24 h before) as of both%n", RISING);
      publisher.rankAndPublish(named(earlier, RISING, RISING_POLICY), new Path(work, "rising-earlier"));
      publisher.rankAndPublish(named(request, RISING, RISING_POLICY), new Path(work, "rising-current"));
      try (Connection c = db.dataSource().getConnection()) {
        StockList.Swapped stock = stock(size).swapInto(c);
        progress.printf("demo: stock list set: %,d products, %,d of them out of stock%n", stock.products(),
            stock.products() - stock.inStock());
      } catch (SQLException e) {
        throw StockList.failure("set", e);
      }
      return current;
    }
  }

  private static RankRequest named(RankRequest request, String name, RankingPolicy policy) {
    return new RankRequest(request.input(), request.end(), policy, request.rules(), request.topN(),
        request.maxMalformedRatio(), null, name);
  }

  /**
   * The demo's stock list: of products {@code p0 .. pN}, every seventh ({@code id % 7 == 0}) out of
   * stock, the next one not listed (unknown), the others in stock.
   */
  static StockList stock(Size size) throws IOException {
    StringBuilder file = new StringBuilder("# product_id\tin_stock\n");
    for (int p = 0; p < size.products(); p++) {
      if (p % 7 != 1) {
        file.append('p').append(p).append('\t').append(p % 7 == 0 ? 0 : 1).append('\n');
      }
    }
    return StockList.parse(new BufferedReader(new StringReader(file.toString())), "the demo's stock list");
  }
}
