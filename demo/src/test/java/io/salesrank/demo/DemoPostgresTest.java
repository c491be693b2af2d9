package io.salesrank.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import io.salesrank.mr.SalesRankException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's PostgreSQL after an unclean stop, and when it cannot start. */
class DemoPostgresTest {

  @TempDir
  Path dir;

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private PrintStream progress() {
    return new PrintStream(progress, true, StandardCharsets.UTF_8);
  }

  @Test
  void startsAgainAfterTheDemoWasKilledWithItsServerStillRunning() throws Exception {
    Path data = dir.resolve("postgres");
    Process demo = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-cp", System.getProperty("java.class.path"), LeftoverServer.class.getName(), data.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long serverPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = out.readLine();
      assertThat(ready).as("the child's first line").startsWith("ready ");
      serverPid = Long.parseLong(ready.substring("ready ".length()));
    }
    demo.destroyForcibly();  // kill -9: no shutdown hook stops the server
    assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    ProcessHandle leftover = ProcessHandle.of(serverPid).orElseThrow();
    assertThat(leftover.isAlive()).as("the server outlived its demo").isTrue();

    try (EmbeddedPostgres pg = DemoPostgres.start(data.toFile(), progress());
         Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT 1")) {
      assertThat(rs.next()).isTrue();
    }
    assertThat(leftover.isAlive()).isFalse();
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("stopping the PostgreSQL (pid " + serverPid + ") an earlier demo left running");
  }

  @Test
  void aProcessThatIsNotOurServerIsLeftAlone() throws Exception {
    Path data = Files.createDirectories(dir.resolve("postgres"));
    // Our own JVM's pid in the lock file: alive, but no postgres serving this directory.
    Files.writeString(data.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + data + "\n");
    DemoPostgres.stopLeftover(data.toFile(), progress());
    assertThat(progress.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aServerThatCannotStartIsOneLineWithItsReason() throws Exception {
    // A data directory that cannot be created: its parent is a file.
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> DemoPostgres.start(file.resolve("postgres").toFile(), progress()))
        .isInstanceOf(SalesRankException.class)
        .hasMessageStartingWith("could not start the embedded PostgreSQL in " + file.resolve("postgres"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
