package io.salesrank.mr.input;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.Function;

import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * A file a run reads beside the logs (a category tree, product parents), on whatever filesystem its
 * path names; and the checked copy the driver writes of it for the tasks, shipped in the distributed
 * cache on a cluster (the local runner's tasks read the copy in place).
 */
public final class LookupFile {

  private LookupFile() {
  }

  /**
   * Opens {@code file}; one that does not exist, or is a directory, is refused with what {@code refusal}
   * makes of the reason.
   */
  public static InputStream open(Configuration conf, Path file, Function<String, RuntimeException> refusal)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(file);
    } catch (FileNotFoundException e) {
      throw refusal.apply("does not exist");
    }
    if (status.isDirectory()) {
      throw refusal.apply("is a directory, not a file");
    }
    return fs.open(file);
  }

  /** Ships {@code copy} to {@code job}'s tasks under the name {@code link} (on a cluster only). */
  public static void ship(Job job, Path copy, String link) {
    if (!SalesRankConfig.isLocalRunner(job.getConfiguration())) {
      job.addCacheFile(URI.create(copy.toUri() + "#" + link));
    }
  }

  /** What a task reads of a shipped copy: its localized {@code link} on a cluster, else {@code copy} itself. */
  public static Path localized(Configuration conf, String copy, String link) {
    File localized = new File(link);
    return !SalesRankConfig.isLocalRunner(conf) && localized.isFile() ? new Path(localized.getAbsoluteFile().toURI()) : new Path(copy);
  }
}
