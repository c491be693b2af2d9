package io.salesrank.loader;

import static io.salesrank.loader.EmbeddedDb.query;
import static io.salesrank.loader.EmbeddedDb.scalar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.salesrank.mr.RankedRow;
import io.salesrank.mr.SalesRankException;
import org.apache.hadoop.conf.Configuration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.salesrank.shared.Migrations;

/** Publishing into a real PostgreSQL. */
class RankingPublisherTest {

  static EmbeddedDb pg;
  DataSource db;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws IOException {
    pg = new EmbeddedDb();
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  @BeforeEach
  void freshSchema() throws SQLException {
    db = pg.dataSource(pg.newDatabase());
    Flyway.configure().dataSource(db).locations(Migrations.LOCATION).load().migrate();
  }

  private RankingPublisher.Result publish(Path ranking, PublishSettings options) throws IOException {
    return publish(new RankingPublisher(db, options), ranking);
  }

  private static RankingPublisher.Result publish(RankingPublisher publisher, Path ranking) throws IOException {
    return publisher.publish(RankingDirectory.open(new Configuration(), new org.apache.hadoop.fs.Path(ranking.toUri())));
  }

  private RankingPublisher.Result publish(Path ranking) throws IOException {
    return publish(ranking, PublishSettings.defaults());
  }

  private Path ranking(String name, String hour, List<RankedRow> rows) throws IOException {
    return RankingDirs.write(dir.resolve(name), hour, 100, rows);
  }

  private List<String> view() throws SQLException {
    return query(db, "SELECT category_id, rank, product_id, total_sold, score, as_of, computed_at"
        + " FROM sales_rank_current ORDER BY category_id, rank").stream().map(r -> String.join("|", r)).toList();
  }

  @Test
  void publishesAndTheViewShowsEveryRowOfTheDirectory() throws Exception {
    List<RankedRow> rows = RankingDirs.rows(3, 5, r -> 100L - r);
    RankingPublisher.Result result = publish(ranking("a", "2026-11-22T13", rows));

    assertThat(scalar(db, "SELECT run_id FROM current_ranking")).isEqualTo("" + result.runId());
    assertThat(result.rows()).isEqualTo(20);
    assertThat(result.categories()).isEqualTo(4);
    assertThat(query(db, "SELECT category_id, rank, product_id, total_sold, score FROM sales_rank_current"
        + " ORDER BY category_id, rank"))
        .containsExactlyElementsOf(rows.stream().sorted(java.util.Comparator.comparing(RankedRow::categoryId)
                .thenComparingInt(RankedRow::rank))
            .map(r -> List.of(r.categoryId(), "" + r.rank(), r.productId(), "" + r.totalSold(),
                "" + (long) r.score()))
            .toList());
    assertThat(query(db, "SELECT DISTINCT as_of, computed_at FROM sales_rank_current"))
        .containsExactly(List.of("2026-11-22 14:00:00+00", "2026-11-22 14:06:12+00"));
    assertThat(query(db, "SELECT hour, policy_kind, window_hours, top_n, status, row_count, category_count,"
        + " manifest->>'hour' FROM ranking_run"))
        .containsExactly(List.of("2026-11-22 13:00:00+00", "window", "168", "100", "published", "20", "4",
            "2026-11-22T13"));
  }

  @Test
  void republishingAnHourReplacesIt() throws Exception {
    publish(ranking("first", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    RankingPublisher.Result again = publish(ranking("again", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 200L - r)));

    assertThat(again.replacedRuns()).isEqualTo(1);
    assertThat(scalar(db, "SELECT min(total_sold) FROM sales_rank_current")).isEqualTo("195");
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(scalar(db, "SELECT count(*) FROM sales_rank")).isEqualTo("20");
  }

  @Test
  void publishingTheSameDirectoryTwiceChangesNothingVisible() throws Exception {
    Path a = ranking("a", "2026-11-22T13", RankingDirs.rows(4, 10, r -> 50L - r));
    publish(a);
    List<String> before = view();
    publish(a);
    assertThat(view()).isEqualTo(before);
  }

  @Test
  void theRunJustPublishedIsCurrentWhateverItsHour() throws Exception {
    publish(ranking("h13", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    publish(ranking("h14", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 200L - r)));
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 15:00:00+00");

    // CONTRACT section 3: when publishing exits 0 the new ranking is the current one, a backfill too.
    publish(ranking("h12", "2026-11-22T12", RankingDirs.rows(3, 5, r -> 300L - r)));
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 13:00:00+00");
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run WHERE status = 'published'")).isEqualTo("3");
  }

  @Test
  void aBrokenDirectoryFailsMidCopyAndThePreviousRankingStaysCurrent() throws Exception {
    publish(ranking("good", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    List<String> before = view();
    Path broken = ranking("broken", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 200L - r));
    // The second part file loses a row after the first part has been copied.
    Path part = broken.resolve("part-r-00001");
    List<String> lines = new ArrayList<>(Files.readAllLines(part));
    lines.remove(lines.size() - 2);
    Files.write(part, lines);

    assertThatThrownBy(() -> publish(broken))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("part-r-00001 line " + (lines.size()))
        .hasMessageContaining("has rank 5 after 3");
    assertThat(view()).isEqualTo(before);
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(scalar(db, "SELECT count(*) FROM sales_rank")).isEqualTo("20");
  }

  @Test
  void refusesDirectoriesThatAreIncompleteOrInconsistent() throws Exception {
    publish(ranking("good", "2026-11-22T13", RankingDirs.rows(3, 5, r -> 100L - r)));
    List<String> before = view();

    Path noSuccess = ranking("no-success", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 9L));
    Files.delete(noSuccess.resolve("_SUCCESS"));
    assertThatThrownBy(() -> publish(noSuccess)).hasMessageContaining("has no _SUCCESS");

    Path noManifest = ranking("no-manifest", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 9L));
    Files.delete(noManifest.resolve("_ranking.json"));
    assertThatThrownBy(() -> publish(noManifest)).hasMessageContaining("has no _ranking.json");

    Path lostPart = ranking("lost-part", "2026-11-22T14", RankingDirs.rows(3, 5, r -> 10L - r));
    Files.delete(lostPart.resolve("part-r-00001"));
    assertThatThrownBy(() -> publish(lostPart)).hasMessageContaining("holds 10 rows in 2 categories but");

    List<RankedRow> duplicate = new ArrayList<>(RankingDirs.rows(1, 3, r -> 10L - r));
    duplicate.set(2, new RankedRow("*", 3, "p000001", 7, 7));
    assertThatThrownBy(() -> publish(ranking("dup", "2026-11-22T14", duplicate)))
        .hasMessageContaining("product p000001 appears twice in category *");

    List<RankedRow> disordered = new ArrayList<>(RankingDirs.rows(1, 3, r -> 10L - r));
    disordered.set(2, new RankedRow("*", 3, "p000003", 70, 70));
    assertThatThrownBy(() -> publish(ranking("order", "2026-11-22T14", disordered)))
        .hasMessageContaining("is not in rank order at rank 3");

    // Lines are checked as bytes: each damage is named with its file and line.
    Map<String, String> damages = Map.of(
        "*\t1\tp000001\t9\n", "expected 5 TAB-separated fields",
        "*\t1\tp000001\t9\t9\t9\n", "expected 5 TAB-separated fields",
        "*\tone\tp000001\t9\t9\n", "rank, total_sold or score is not a number",
        "*\t1\tp000001\t9\tlots\n", "rank, total_sold or score is not a number",
        "*\t1\tp 1\t9\t9\n", "product_id is outside the id alphabet",
        "c/1\t1\tp000001\t9\t9\n", "category_id is outside the id alphabet",
        "*\t1\tp000001\t9\t0\n", "score must be a positive number",
        "*\t1\tp000001\t9\t9", "the last line has no line end");
    int n = 0;
    for (Map.Entry<String, String> d : damages.entrySet()) {
      Path damaged = ranking("damaged" + n++, "2026-11-22T14", List.of());
      Files.writeString(damaged.resolve("part-r-00000"), d.getKey());
      assertThatThrownBy(() -> publish(damaged)).as(d.getKey())
          .hasMessageContaining("part-r-00000 line 1").hasMessageContaining(d.getValue());
    }

    assertThat(view()).isEqualTo(before);
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(scalar(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass")).isEqualTo("1");
  }

  @Test
  void publishesFractionalScoresAndNegativeTotals() throws Exception {
    // Under decay a recent sale outweighs an older, larger return: the score is positive, the total negative.
    List<RankedRow> rows = List.of(new RankedRow("*", 1, "p1", -3, 1.8371173070873836),
        new RankedRow("*", 2, "p2", 4, 1.25E-5), new RankedRow("c1", 1, "p1", -3, 1.8371173070873836));
    publish(ranking("decay", "2026-11-22T13", rows));
    assertThat(query(db, "SELECT category_id, rank, product_id, total_sold, score FROM sales_rank_current"
        + " ORDER BY category_id, rank").stream().map(r -> String.join("|", r)).toList())
        .containsExactly("*|1|p1|-3|1.8371173070873836", "*|2|p2|4|1.25e-05", "c1|1|p1|-3|1.8371173070873836");
  }

  @Test
  void guardRefusesARankingThatLostManyCategoriesUnlessForced() throws Exception {
    publish(ranking("full", "2026-11-22T13", RankingDirs.rows(10, 5, r -> 100L - r)));
    Path truncated = ranking("truncated", "2026-11-22T14", RankingDirs.rows(6, 5, r -> 200L - r));

    assertThatThrownBy(() -> publish(truncated))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("lacks 4 of the current ranking's 11 categories")
        .hasMessageContaining("--force");
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");
    // The refused run was staged (copied and attached) and is gone again.
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run")).isEqualTo("1");
    assertThat(scalar(db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass")).isEqualTo("1");

    publish(truncated, new PublishSettings(72, 0.2, true));
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 15:00:00+00");
    // Within the allowed share, no force is needed.
    publish(ranking("slight", "2026-11-22T15", RankingDirs.rows(5, 5, r -> 9L)), new PublishSettings(72, 0.2, false));
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 16:00:00+00");
  }

  @Test
  void keepsOnlyTheLastPublishedRunsAndDropsTheirPartitions() throws Exception {
    PublishSettings keepThree = new PublishSettings(3, 0.2, false);
    for (int h : new int[] {10, 11, 12, 14, 13}) {
      publish(ranking("h" + h, "2026-11-22T" + h, RankingDirs.rows(2, 5, r -> 100L - r)), keepThree);
    }
    assertThat(query(db, "SELECT hour FROM ranking_run ORDER BY hour")).extracting(r -> r.get(0))
        .containsExactly("2026-11-22 12:00:00+00", "2026-11-22 13:00:00+00", "2026-11-22 14:00:00+00");
    assertThat(scalar(db, "SELECT count(*) FROM sales_rank")).isEqualTo("45");
    assertThat(scalar(db, "SELECT count(DISTINCT run_id) FROM sales_rank")).isEqualTo("3");
    assertThat(query(db, "SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass"
        + " ORDER BY 1")).extracting(r -> r.get(0)).containsExactlyElementsOf(
            query(db, "SELECT 'sales_rank_r' || run_id FROM ranking_run ORDER BY run_id").stream().map(r -> r.get(0))
                .toList());
    assertThat(scalar(db, "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'sales_rank_r%'")).isEqualTo("3");
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");
  }

  @Test
  void aRunLeftLoadingByADeadPublishIsRemovedByTheNextOne() throws Exception {
    publish(ranking("first", "2026-11-22T13", RankingDirs.rows(2, 5, r -> 100L - r)));
    // What a publish killed between its two transactions leaves: a staged run, attached, not current.
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO ranking_run (run_id, hour, as_of, policy_kind, window_hours, top_n, computed_at,"
          + " published_at, status, row_count, category_count, lines_read, malformed_lines, outside_window,"
          + " counted_lines, manifest) OVERRIDING SYSTEM VALUE VALUES (999, '2026-11-22 14:00Z',"
          + " '2026-11-22 15:00Z', 'window', 168, 100, now(), now(), 'loading', 1, 1, 0, 0, 0, 0, '{}')");
      s.execute("CREATE TABLE sales_rank_r999 PARTITION OF sales_rank FOR VALUES IN (999)");
      s.execute("INSERT INTO sales_rank VALUES (999, 'c0', 1, 'p1', 1, 1)");
    }
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");

    RankingPublisher.Result second = publish(ranking("second", "2026-11-22T14", RankingDirs.rows(2, 5, r -> 90L - r)));

    assertThat(second.deletedRuns()).isEqualTo(1);
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run WHERE run_id = 999 OR status = 'loading'")).isEqualTo("0");
    assertThat(scalar(db, "SELECT to_regclass('sales_rank_r999') IS NULL")).isEqualTo("t");
    assertThat(scalar(db, "SELECT count(*) FROM sales_rank")).isEqualTo("30");
  }

  @Test
  void retentionGivesUpOnAPartitionALongQueryStillReadsAndRemovesItLater() throws Exception {
    PublishSettings keepOne = new PublishSettings(1, 0.2, false);
    RankingPublisher.Result first = publish(ranking("h10", "2026-11-22T10", RankingDirs.rows(2, 5, r -> 100L - r)),
        keepOne);
    RankingPublisher.Result second;
    long millis;
    try (Connection analyst = db.getConnection()) {
      analyst.setAutoCommit(false);
      analyst.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = analyst.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM sales_rank")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(15);
      }
      long t0 = System.nanoTime();
      second = publish(new RankingPublisher(db, keepOne, java.time.Duration.ofSeconds(1)),
          ranking("h11", "2026-11-22T11", RankingDirs.rows(2, 5, r -> 90L - r)));
      millis = (System.nanoTime() - t0) / 1_000_000;
      analyst.commit();
    }
    // The publish went through; removing the run the analyst still read timed out and was left.
    assertThat(millis).isLessThan(8_000);
    assertThat(second.deletedRuns()).isZero();
    assertThat(scalar(db, "SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 12:00:00+00");
    assertThat(scalar(db, "SELECT count(*) FROM ranking_run WHERE run_id = " + first.runId())).isEqualTo("1");

    RankingPublisher.Result third = publish(ranking("h12", "2026-11-22T12", RankingDirs.rows(2, 5, r -> 80L - r)),
        keepOne);

    assertThat(third.deletedRuns()).isEqualTo(2);
    assertThat(query(db, "SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'sales_rank'::regclass"))
        .extracting(r -> r.get(0)).containsExactly("sales_rank_r" + third.runId());
    assertThat(scalar(db, "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'sales_rank_r%'"))
        .isEqualTo("1");
  }

  @Test
  void readersNeverSeeAMixOfRunsOrAPartialCategory() throws Exception {
    int categories = 40;
    int perCategory = 50;
    List<Path> runs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long base = (i + 1) * 1_000_000L;
      // Each run is one hour newer and its units say which run a row came from.
      runs.add(ranking("run" + i, String.format("2026-11-22T%02d", 10 + i),
          RankingDirs.rows(categories, perCategory, r -> base + perCategory - r)));
    }
    publish(runs.get(0));
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> violation = new AtomicReference<>();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
        while (!done.get() && violation.get() == null) {
          try (ResultSet rs = s.executeQuery("SELECT category_id, count(*), min(total_sold / 1000000),"
              + " max(total_sold / 1000000), count(DISTINCT as_of) FROM sales_rank_current GROUP BY category_id")) {
            int seen = 0;
            java.util.Set<Long> runIds = new java.util.HashSet<>();
            while (rs.next()) {
              seen++;
              runIds.add(rs.getLong(3));
              runIds.add(rs.getLong(4));
              if (rs.getInt(2) != perCategory || rs.getInt(5) != 1) {
                violation.set("category " + rs.getString(1) + " had " + rs.getInt(2) + " rows");
              }
            }
            if (seen != categories + 1 || runIds.size() != 1) {
              violation.set(seen + " categories from runs " + runIds);
            }
            reads.incrementAndGet();
          }
        }
      } catch (SQLException e) {
        violation.set(e.toString());
      }
    });
    reader.start();
    for (Path run : runs.subList(1, runs.size())) {
      publish(run);
    }
    done.set(true);
    reader.join();
    assertThat(violation.get()).isNull();
    assertThat(reads.get()).isGreaterThan(runs.size());
    assertThat(scalar(db, "SELECT min(total_sold / 1000000) FROM sales_rank_current")).isEqualTo("6");
  }
}
