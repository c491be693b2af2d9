package io.salesrank.mr;

import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;

/** A configuration for Hadoop's local job runner whose scratch space stays under the build. */
public final class LocalHadoop {

  private LocalHadoop() {
  }

  public static Configuration conf(Path scratch) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", scratch.resolve("staging").toString());
    return conf;
  }
}
