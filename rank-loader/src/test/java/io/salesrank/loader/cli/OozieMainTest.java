package io.salesrank.loader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The java actions' entry point: Oozie's action configuration, and the reason a failure carries. */
class OozieMainTest {

  @TempDir
  Path dir;

  @AfterEach
  void clearProperty() {
    System.clearProperty(OozieMain.ACTION_CONF);
  }

  @Test
  void runsWithTheActionConfigurationOozieWrote() throws Exception {
    Configuration action = new Configuration(false);
    action.set("fs.default.name", "hdfs://namenode:8020");
    action.set("mapreduce.framework.name", "yarn");
    action.set("mapreduce.job.queuename", "rankings");
    action.set(OozieMain.CHILD_JOB_TAGS, "oozie-0123abcd");
    Path file = dir.resolve("action.xml");
    try (OutputStream out = Files.newOutputStream(file)) {
      action.writeXml(out);
    }
    System.setProperty(OozieMain.ACTION_CONF, file.toString());

    Configuration conf = OozieMain.actionConfiguration();
    assertThat(conf.get("fs.defaultFS")).isEqualTo("hdfs://namenode:8020");
    assertThat(conf.get("mapreduce.framework.name")).isEqualTo("yarn");
    assertThat(conf.get("mapreduce.job.queuename")).isEqualTo("rankings");
    // So that a retried launcher can find and kill the jobs an earlier attempt left running.
    assertThat(conf.get("mapreduce.job.tags")).isEqualTo("oozie-0123abcd");
  }

  @Test
  void outsideOozieTheClusterConfigurationAlone() {
    Configuration conf = OozieMain.actionConfiguration();
    assertThat(conf.get("mapreduce.job.queuename", "default")).isEqualTo("default");
    assertThat(conf.get("mapreduce.job.tags")).isNull();
  }

  @Test
  void keepsTheLastLineThatIsNotALogLine() throws Exception {
    ByteArrayOutputStream passed = new ByteArrayOutputStream();
    OozieMain.LastLine last = new OozieMain.LastLine(passed);
    String text = "progress: step 1/2\nsalesrank load: cannot connect to the database\n"
        + "2026-12-03 07:00:00,000 WARN  Pool: shutdown\n\n";
    last.write(text.getBytes(StandardCharsets.UTF_8));
    assertThat(last.line()).isEqualTo("salesrank load: cannot connect to the database");
    assertThat(passed.toString(StandardCharsets.UTF_8)).isEqualTo(text);
    last.write("no line end".getBytes(StandardCharsets.UTF_8));
    assertThat(last.line()).isEqualTo("no line end");
  }
}
