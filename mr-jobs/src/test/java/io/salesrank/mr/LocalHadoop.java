package io.salesrank.mr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.salesrank.mr.generate.SalesGenerator;
import org.apache.hadoop.conf.Configuration;

/** Hadoop's local job runner as the tests use it: its configuration, paths and generated logs. */
public final class LocalHadoop {

  private LocalHadoop() {
  }

  /** A configuration for the local runner whose scratch space stays under {@code scratch}. */
  public static Configuration conf(Path scratch) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", scratch.resolve("staging").toString());
    return conf;
  }

  /** {@code local} as a Hadoop path. */
  public static org.apache.hadoop.fs.Path path(Path local) {
    return new org.apache.hadoop.fs.Path(local.toUri());
  }

  /** Where progress goes when a test does not read it. */
  public static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Writes the logs {@code spec} describes, quietly. */
  public static SalesGenerator.Stats generate(Configuration conf, SalesGenerator.Spec spec) throws IOException {
    return new SalesGenerator(spec).generate(conf, quiet());
  }
}
