package io.salesrank.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's command line: what it refuses before doing any work. */
class DemoCommandTest {

  @TempDir
  Path dir;

  @Test
  void aTakenPortFailsInOneLineBeforeAnythingIsGenerated() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int status;
    try (ServerSocket taken = new ServerSocket(0); ServerSocket other = new ServerSocket(0)) {
      int freePort = other.getLocalPort();
      other.close();
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      status = ToolRunner.run(new Configuration(), new DemoCommand(), new String[] {"--dir", dir.toString(),
          "--port", Integer.toString(taken.getLocalPort()), "--admin-port", Integer.toString(freePort)});
      List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
      assertThat(status).isEqualTo(1);
      assertThat(lines).singleElement().asString()
          .isEqualTo("salesrank demo: port " + taken.getLocalPort() + " is taken (another demo or server?); stop it,"
              + " or choose another with --port");
    } finally {
      System.setErr(original);
    }
    assertThat(dir.resolve("logs")).doesNotExist();
    assertThat(dir.resolve("postgres")).doesNotExist();
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorInPlainWords() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int status;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      status = ToolRunner.run(new Configuration(), new DemoCommand(), new String[] {"--dir", dir.toString(),
          "--port", "99999"});
    } finally {
      System.setErr(original);
    }
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().findFirst()).hasValueSatisfying(l -> assertThat(l)
        .startsWith("salesrank demo: ").contains("a port is 1 to 65535, got 99999").doesNotContain("Exception"));
    assertThat(dir.resolve("logs")).doesNotExist();
  }

  @Test
  void aTakenDatabasePortFailsInOneLineNamingItsOption() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int status;
    try (ServerSocket taken = new ServerSocket(0); ServerSocket a = new ServerSocket(0);
         ServerSocket b = new ServerSocket(0)) {
      int port = a.getLocalPort();
      int adminPort = b.getLocalPort();
      a.close();
      b.close();
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      status = ToolRunner.run(new Configuration(), new DemoCommand(), new String[] {"--dir", dir.toString(),
          "--port", Integer.toString(port), "--admin-port", Integer.toString(adminPort),
          "--db-port", Integer.toString(taken.getLocalPort())});
      assertThat(status).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
          .isEqualTo("salesrank demo: port " + taken.getLocalPort() + " is taken (another demo or server?); stop it,"
              + " or choose another with --db-port");
    } finally {
      System.setErr(original);
    }
    assertThat(dir.resolve("postgres")).doesNotExist();
  }
}
