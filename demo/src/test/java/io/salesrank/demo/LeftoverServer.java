package io.salesrank.demo;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A demo's JVM in miniature: starts the demo's PostgreSQL, says its pid, and waits to be killed. */
public final class LeftoverServer {

  private LeftoverServer() {
  }

  public static void main(String[] args) throws Exception {
    File dataDir = new File(args[0]);
    DemoPostgres.start(dataDir, new PrintStream(System.err, true));
    String pid = Files.readAllLines(Path.of(args[0], "postmaster.pid")).get(0).strip();
    System.out.println("ready " + pid);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
