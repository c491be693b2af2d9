package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A load process killed (SIGKILL) in the middle of its COPY publishes nothing. */
class KilledLoadTest {

  @TempDir
  Path dir;
  /** An empty database: the loader migrates it. */
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();

  @Test
  void aLoadKilledMidCopyLeavesThePreviousRankingCurrent() throws Exception {
    {
      try (Database loader = Database.open(pg.jdbcUrl(), "postgres", null)) {
        new RankingPublisher(loader.dataSource(), PublishSettings.defaults()).publish(RankingDirectory.open(
            new Configuration(), new org.apache.hadoop.fs.Path(RankingDirs.write(dir.resolve("small"),
                "2026-11-22T13", 100, RankingDirs.rows(5, 10, r -> 100L - r)).toUri())));
      }
      // Big enough that its COPY runs for seconds: 12 categories of 200,000 rows.
      List<RankedRow> rows = RankingDirs.rows(11, 200_000, r -> 1_000_000L - r);
      Path big = RankingDirs.write(dir.resolve("big"), "2026-11-22T14", 200_000, rows);

      Process load = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"),
          "io.salesrank.loader.cli.SalesRankCli", "load", "--ranking", big.toString(),
          "--jdbc-url", pg.jdbcUrl(), "--db-user", "postgres")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("load.log").toFile())
          .start();
      try {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long copied = 0;
        while (copied < 50_000 && load.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(20);
          String progress = pg.scalar("SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy");
          copied = Long.parseLong(progress);
        }
        assertThat(copied).as("the COPY was under way when the loader was killed").isGreaterThanOrEqualTo(50_000);
      } finally {
        load.destroyForcibly();
        load.waitFor(30, TimeUnit.SECONDS);
      }

      // The server notices the dead client and rolls its transaction back.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!"0".equals(pg.scalar("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY sales_rank%'"))
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(pg.scalar("SELECT count(*) FROM sales_rank_current")).isEqualTo("60");
      assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");
      assertThat(pg.scalar("SELECT count(*) FROM ranking_run")).isEqualTo("1");
      assertThat(pg.scalar("SELECT count(*) FROM sales_rank")).isEqualTo("60");
      assertThat(new File(dir.toFile(), "load.log")).exists();
    }
  }
}
