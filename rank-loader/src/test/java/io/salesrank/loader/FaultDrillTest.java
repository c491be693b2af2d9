package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault drills of the loader (issue 14): PostgreSQL stopped and started again in the middle of a
 * publish, and {@code run} started against a database that is not there. Each runs the CLI as
 * {@code bin/salesrank} does, in a JVM of its own with the same logging configuration.
 */
class FaultDrillTest {

  @TempDir
  Path dir;
  /** An empty database: the loader migrates it; the drill stops and starts its server. */
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();

  /** The CLI in a JVM of its own, as bin/salesrank starts it; stdout and stderr to files. */
  private Process cli(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dlog4j.configuration=salesrank-log4j.properties",
        "-cp", System.getProperty("java.class.path"),
        "io.salesrank.loader.cli.SalesRankCli"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().remove("SALESRANK_DEBUG");
    return pb.start();
  }

  private List<String> stderr(String name) throws IOException {
    return Files.readAllLines(dir.resolve(name + ".err"), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** No line of a stack trace, and no logger's line (a timestamp and a level) either. */
  private static void assertNoStackTraceNorLogLines(List<String> err) {
    assertThat(err).noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by:")
        || l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} (WARN|ERROR|INFO).*")
        || l.contains("Exception in thread"));
  }

  @Test
  void postgresStoppedAndStartedMidPublishFailsTheLoadWithOneLineAndTheNextLoadPublishes() throws Exception {
    {
      String url = pg.jdbcUrl();
      try (Database loader = Database.open(url, "postgres", null)) {
        new RankingPublisher(loader.dataSource(), PublishSettings.defaults()).publish(RankingDirectory.open(
            new Configuration(), new org.apache.hadoop.fs.Path(RankingDirs.write(dir.resolve("small"),
                "2026-11-22T13", 100, RankingDirs.rows(5, 10, r -> 100L - r)).toUri())));
      }
      // Big enough that its COPY runs for seconds: 12 categories of 200,000 rows.
      List<RankedRow> rows = RankingDirs.rows(11, 200_000, r -> 1_000_000L - r);
      Path big = RankingDirs.write(dir.resolve("big"), "2026-11-22T14", 200_000, rows);

      Process load = cli("load", "load", "--ranking", big.toString(), "--jdbc-url", url, "--db-user", "postgres");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long copied = 0;
      while (copied < 50_000 && load.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
        copied = Long.parseLong(pg.scalar("SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy"));
      }
      assertThat(copied).as("the COPY was under way when PostgreSQL stopped").isGreaterThanOrEqualTo(50_000);

      // Stop the server (pg_ctl stop -m fast, keeping the data), then start it again on the same port.
      pg.stop();
      pg.start();

      assertThat(load.waitFor(60, TimeUnit.SECONDS)).as("the load ended").isTrue();
      List<String> err = stderr("load");
      assertThat(load.exitValue()).as("exit status; stderr: %s", err).isEqualTo(1);
      assertNoStackTraceNorLogLines(err);
      String last = err.get(err.size() - 1);
      assertThat(last).as("stderr: %s", err)
          .startsWith("salesrank load: ")
          .contains("the previous ranking stays current");
      // Every line before it is the loader's own progress.
      assertThat(err.subList(0, err.size() - 1)).allMatch(l -> l.startsWith("load: "), "a progress line of load");

      assertThat(pg.scalar("SELECT count(*) FROM sales_rank_current")).isEqualTo("60");
      assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 14:00:00+00");
      assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE status = 'published'")).isEqualTo("1");
      assertThat(pg.scalar("SELECT r.as_of FROM current_ranking c JOIN ranking_run r USING (run_id)"))
          .isEqualTo("2026-11-22 14:00:00+00");

      // The next load of the same ranking publishes it, and it becomes current.
      Process again = cli("again", "load", "--ranking", big.toString(), "--jdbc-url", url, "--db-user", "postgres");
      assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(again.exitValue()).as("stderr: %s", stderr("again")).isZero();
      assertThat(pg.scalar("SELECT count(*) FROM sales_rank_current")).isEqualTo(String.valueOf(rows.size()));
      assertThat(pg.scalar("SELECT DISTINCT as_of FROM sales_rank_current")).isEqualTo("2026-11-22 15:00:00+00");
      assertThat(pg.scalar("SELECT count(*) FROM ranking_run WHERE status = 'loading'")).isEqualTo("0");
      assertThat(pg.scalar("SELECT count(*) FROM sales_rank")).isEqualTo(String.valueOf(rows.size() + 60));
    }
  }

  @Test
  void runAgainstADatabaseThatIsNotThereFailsInSecondsBeforeRanking() throws Exception {
    Path logs = dir.resolve("logs");
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    new SalesGenerator(SalesGenerator.Spec.mixed(new org.apache.hadoop.fs.Path(logs.toUri()),
        Instant.parse("2026-11-21T14:00:00Z"), 24, 2_000, 500, 10, 1)).generate(conf, new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    // Nothing listens there: PostgreSQL is stopped (or never started).
    int port = freePort();
    String url = "jdbc:postgresql://localhost:" + port + "/salesrank";

    long started = System.nanoTime();
    Process run = cli("run", "run", "-D", "hadoop.tmp.dir=" + dir.resolve("hadoop-tmp"),
        "-D", "mapreduce.jobtracker.staging.root.dir=" + dir.resolve("staging"),
        "--input", logs.toString(), "--hour", "2026-11-22T13", "--work", dir.resolve("work").toString(),
        "--jdbc-url", url, "--db-user", "salesrank_loader");
    assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("run ended").isTrue();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    List<String> err = stderr("run");

    assertThat(run.exitValue()).as("exit status; stderr: %s", err).isEqualTo(1);
    assertThat(took).as("failed within seconds; stderr: %s", err).isLessThan(Duration.ofSeconds(15));
    assertNoStackTraceNorLogLines(err);
    assertThat(err).as("one line, and no ranking started").hasSize(1);
    assertThat(err.get(0)).startsWith("salesrank run: cannot connect to the database at " + url)
        .contains("PostgreSQL is running");
    assertThat(dir.resolve("work").resolve("ranking")).doesNotExist();
  }
}
