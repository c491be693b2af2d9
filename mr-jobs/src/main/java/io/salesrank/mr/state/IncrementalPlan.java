package io.salesrank.mr.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What an incremental run reads, from the files of the hour directories its window reads and the
 * state it starts from (the totals as of {@code before}, {@code null} when built anew):
 * <ul>
 *   <li>the files to parse: new ones, changed ones (size or modification time), and at a refresh
 *       ({@code --at}) the files of the two hours its window cuts;
 *   <li>the partial sums to read, each with a side: the new window ({@code +}, a file the state has
 *       seen and that did not change) and the old window ({@code -}, every file the old totals
 *       counted that changed, vanished, or whose buckets left the window). A file whose buckets are
 *       counted alike by both windows is not read at all: this is what keeps an hourly run's cost to
 *       the hour's files, whatever the window's length.
 * </ul>
 */
final class IncrementalPlan {

  /** A file to parse, in the directory of {@code dirHour}; its partial sums are kept as {@code fileId}. */
  record Parse(Path path, String relative, long dirHour, long fileId, long size, long mtime) {
  }

  /** A file's partial sums, read into the new window ({@code plus}) and/or out of the old ({@code minus}). */
  record Sums(FileIndex.Entry entry, boolean plus, boolean minus) {
  }

  final List<Parse> parse = new ArrayList<>();
  final List<Sums> sums = new ArrayList<>();
  /** Entries of files taken from the state unchanged, for the next index. */
  final List<FileIndex.Entry> carried = new ArrayList<>();
  final Set<Long> hoursParsed = new HashSet<>();
  long nextFileId;

  /**
   * The plan for {@code files} (of the directories {@code now} reads, under {@code root}) from
   * {@code state} as of {@code before} ({@code null}: parse everything).
   */
  static IncrementalPlan of(Spans now, Spans before, FileIndex state, long nextFileId, Path root,
      List<FileStatus> files) {
    IncrementalPlan plan = new IncrementalPlan();
    plan.nextFileId = nextFileId;
    Set<String> listed = new HashSet<>();
    for (FileStatus f : files) {
      String relative = relative(root, f.getPath());
      listed.add(relative);
      long dirHour = dirHour(root, relative);
      FileIndex.Entry seen = state == null ? null : state.get(relative);
      // A refresh's window cuts the hour buckets of its first and its last (in progress) hour, and a
      // decay may cut the hour where lines stop weighing in the score.
      boolean cut = now.cutsHourOf(dirHour);
      if (seen == null || seen.size() != f.getLen() || seen.mtime() != f.getModificationTime() || cut) {
        plan.parse.add(new Parse(f.getPath(), relative, dirHour, plan.nextFileId++, f.getLen(),
            f.getModificationTime()));
        plan.hoursParsed.add(dirHour);
        if (seen != null && seen.hasSums() && before.reads(seen.dirHour())) {
          plan.sums.add(new Sums(seen, false, true));
        }
        continue;
      }
      plan.carried.add(seen);
      boolean countedBefore = before.reads(dirHour);
      if (seen.hasSums() && (!countedBefore || spansChange(seen, now, before))) {
        plan.sums.add(new Sums(seen, true, countedBefore));
      }
    }
    if (state != null) {
      for (FileIndex.Entry e : state.entries()) {
        // Gone from a directory still read, or in a directory the window left: out of the old totals.
        if (!listed.contains(e.path()) && e.hasSums() && before.reads(e.dirHour())) {
          plan.sums.add(new Sums(e, false, true));
        }
      }
    }
    return plan;
  }

  /** Whether some bucket of the file is counted (or scored) by one window of a span and not the other. */
  private static boolean spansChange(FileIndex.Entry e, Spans now, Spans before) {
    for (int i = 0; i < now.size(); i++) {
      Window n = now.get(i);
      Window b = before.get(i);
      // A shorter span may stop (or start) reading the file's directory while the longest still reads it.
      if (n.reads(e.dirHour()) != b.reads(e.dirHour())
          || spansBetween(e, n.start(), b.start()) || spansBetween(e, n.scoreStart(), b.scoreStart())
          || spansBetween(e, n.end(), b.end())) {
        return true;
      }
    }
    return false;
  }

  private static boolean spansBetween(FileIndex.Entry e, long a, long b) {
    return e.spans(Math.min(a, b), Math.max(a, b));
  }

  /** {@code file}'s path under {@code root}, as a raw URI path. */
  static String relative(Path root, Path file) {
    return root.toUri().relativize(file.toUri()).getRawPath();
  }

  /** The hour of the directory {@code YYYY/MM/DD/HH/} a relative path lies in. */
  static long dirHour(Path root, String relative) {
    Path parent = new Path(root, relative).getParent();
    String[] p = parent.toUri().getPath().split("/");
    int n = p.length;
    return java.time.LocalDateTime.of(Integer.parseInt(p[n - 4]), Integer.parseInt(p[n - 3]),
        Integer.parseInt(p[n - 2]), Integer.parseInt(p[n - 1]), 0).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
  }

  /** Writes the mappers' part of the plan: what to parse and how to read each file's partial sums. */
  void write(FileSystem fs, Path file) throws IOException {
    try (Writer w = new OutputStreamWriter(fs.create(file, false), StandardCharsets.UTF_8)) {
      for (Parse p : parse) {
        w.write("P\t" + p.path() + '\t' + p.dirHour() + '\t' + p.fileId() + '\n');
      }
      for (Sums s : sums) {
        w.write("S\t" + s.entry().fileId() + '\t' + s.entry().dirHour() + '\t' + (s.plus() ? 1 : 0) + '\t'
            + (s.minus() ? 1 : 0) + '\n');
      }
    }
  }

  /** The parse lines of a written plan: file path to {dirHour, fileId}. */
  static Map<String, long[]> readParse(Configuration conf) throws IOException {
    Map<String, long[]> files = new HashMap<>();
    for (String[] f : read(conf, "P")) {
      files.put(f[1], new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
    }
    return files;
  }

  /** The sums lines of a written plan: file id to {dirHour, plus, minus}. */
  static Map<Long, long[]> readSums(Configuration conf) throws IOException {
    Map<Long, long[]> files = new HashMap<>();
    for (String[] f : read(conf, "S")) {
      files.put(Long.parseLong(f[1]), new long[] {Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])});
    }
    return files;
  }

  private static List<String[]> read(Configuration conf, String kind) throws IOException {
    Path plan = StateConfig.getPlan(conf);
    List<String[]> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(plan.getFileSystem(conf).open(plan),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(kind + "\t")) {
          lines.add(line.split("\t"));
        }
      }
    }
    return lines;
  }
}
