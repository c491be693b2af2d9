package io.salesrank.demo;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.salesrank.mr.SalesRankException;
import io.salesrank.shared.Messages;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The demo's embedded PostgreSQL, started fresh in a data directory the demo owns. A demo stopped
 * uncleanly ({@code kill -9}) leaves its server running on that directory; the next start stops it
 * (only a {@code postgres} process whose {@code postmaster.pid} names this very directory) and
 * begins again from an empty directory.
 */
final class DemoPostgres {

  private DemoPostgres() {
  }

  static EmbeddedPostgres start(File dataDir, PrintStream progress) throws IOException {
    return start(dataDir, 0, progress);
  }

  /** On {@code port} (0: any free one), so that the other commands can be pointed at it. */
  static EmbeddedPostgres start(File dataDir, int port, PrintStream progress) throws IOException {
    stopLeftover(dataDir, progress);
    deleteRecursively(dataDir.toPath());
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(true);
      if (port > 0) {
        builder.setPort(port);
      }
      return builder.start();
    } catch (IOException | RuntimeException e) {
      throw new SalesRankException("could not start the embedded PostgreSQL in " + dataDir + ": "
          + Messages.rootMessage(e) + "; SALESRANK_DEBUG=1 shows the whole trace", e);
    }
  }

  /** Stops a server an earlier demo left running on {@code dataDir}, if there is one. */
  static void stopLeftover(File dataDir, PrintStream progress) throws IOException {
    Path pidFile = dataDir.toPath().resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return;  // half-written by a server that died starting: nothing runs
    }
    Optional<ProcessHandle> server = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
    // The pid may have been reused since: only a server of this very directory is ours to stop.
    if (server.isEmpty() || lines.size() < 2
        || !Path.of(lines.get(1).strip()).toRealPath().equals(dataDir.toPath().toRealPath())) {
      return;
    }
    progress.printf("demo: stopping the PostgreSQL (pid %d) an earlier demo left running in %s%n", pid, dataDir);
    ProcessHandle p = server.get();
    p.destroy();  // SIGTERM: a smart shutdown, and no client is left
    try {
      p.onExit().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception again) {
        throw new SalesRankException("could not stop the PostgreSQL (pid " + pid + ") an earlier demo left running"
            + " in " + dataDir + "; stop it and remove that directory", again);
      }
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
