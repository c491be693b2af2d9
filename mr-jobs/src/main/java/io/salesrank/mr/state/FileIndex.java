package io.salesrank.mr.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The input files a state has seen: for each, as it was when parsed (size, modification time), where
 * its partial sums are and which buckets they span. Paths are relative to the input root, as raw
 * (percent-encoded) URI paths, one file a line.
 */
final class FileIndex {

  static final String FILE = "files.tsv";
  private static final String HEADER =
      "# path\tdir_hour\tsize\tmtime\tfile_id\tmin_bucket\tmax_bucket_end\tversion\tparts\tbytes";
  /** The version of a file with no partial sums (no line that could ever count). */
  static final String NONE = "-";

  /**
   * One file: its partial sums are {@code version/c/f<fileId>-m-*}, {@code parts} files of
   * {@code bytes} bytes in all, spanning buckets {@code [minBucket, maxBucketEnd)}.
   */
  record Entry(String path, long dirHour, long size, long mtime, long fileId, long minBucket, long maxBucketEnd,
      String version, int parts, long bytes) {

    boolean hasSums() {
      return !NONE.equals(version);
    }

    /** Whether some bucket of this file lies in {@code [from, to)}. */
    boolean spans(long from, long to) {
      return hasSums() && minBucket < to && maxBucketEnd > from;
    }
  }

  private final Map<String, Entry> entries;

  FileIndex(Map<String, Entry> entries) {
    this.entries = entries;
  }

  static FileIndex empty() {
    return new FileIndex(new LinkedHashMap<>());
  }

  Entry get(String path) {
    return entries.get(path);
  }

  Collection<Entry> entries() {
    return entries.values();
  }

  /** Writes the index; returns its length in bytes. */
  static long write(FileSystem fs, Path file, Collection<Entry> entries) throws IOException {
    try (FSDataOutputStream out = fs.create(file, false);
         Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      w.write(HEADER);
      w.write('\n');
      for (Entry e : entries) {
        w.write(e.path() + '\t' + e.dirHour() + '\t' + e.size() + '\t' + e.mtime() + '\t' + e.fileId() + '\t'
            + e.minBucket() + '\t' + e.maxBucketEnd() + '\t' + e.version() + '\t' + e.parts() + '\t' + e.bytes()
            + '\n');
      }
      w.flush();
      return out.getPos();
    }
  }

  /** Reads an index; a line that does not parse is an {@link IOException} naming it. */
  static FileIndex read(FileSystem fs, Path file) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads an index from {@code in}; {@code name} names it in errors. A line that does not parse, or whose
   * path is empty, whose version is neither {@link #NONE} nor a version directory's name, or whose
   * sizes are negative, is an {@link IOException} naming the line (never its content): such a version
   * would otherwise become a Path outside the state (or no Path at all) when its sums are looked up.
   */
  static FileIndex read(BufferedReader in, String name) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String line = in.readLine();
    if (!HEADER.equals(line)) {
      throw new IOException(name + " does not start with the index header");
    }
    int lineNo = 1;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String[] f = line.split("\t", -1);
      Entry e;
      try {
        if (f.length != 10) {
          throw new NumberFormatException("10 fields expected");
        }
        e = new Entry(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
            Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), f[7], Integer.parseInt(f[8]),
            Long.parseLong(f[9]));
      } catch (NumberFormatException x) {
        throw new IOException(name + " line " + lineNo + " is not an index entry", x);
      }
      if (e.path().isEmpty() || !(NONE.equals(e.version()) || StateConfig.VERSION.matcher(e.version()).matches())
          || e.size() < 0 || e.parts() < 0 || e.bytes() < 0) {
        throw new IOException(name + " line " + lineNo + " is not an index entry (empty path, bad version or"
            + " a negative size)");
      }
      entries.put(f[0], e);
    }
    return new FileIndex(entries);
  }
}
