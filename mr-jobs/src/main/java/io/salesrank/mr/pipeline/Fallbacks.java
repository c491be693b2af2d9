package io.salesrank.mr.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The categories step 2 ranked over a fallback span, from the lines its reducers wrote. */
final class Fallbacks {

  private Fallbacks() {
  }

  /**
   * Each category of the {@code category TAB span_hours} lines in {@code dir}, with its span, in id
   * order; removes {@code dir}, which is no part of a ranking directory.
   */
  static Map<String, Integer> collect(FileSystem fs, Path dir) throws IOException {
    Map<String, Integer> fallbacks = new TreeMap<>();
    FileStatus[] parts = fs.globStatus(new Path(dir, "part-*"));
    for (FileStatus part : parts == null ? new FileStatus[0] : parts) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          int tab = line.indexOf('\t');
          fallbacks.put(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1)));
        }
      }
    }
    fs.delete(dir, true);
    return fallbacks;
  }
}
