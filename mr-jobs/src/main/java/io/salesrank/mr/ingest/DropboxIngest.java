package io.salesrank.mr.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import io.salesrank.mr.input.HourLayout;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * Moves hourly {@code SalesReport-YYYYMMDDHH.csv[.gz]} files from a dropbox into the hour layout
 * ({@code ROOT/YYYY/MM/DD/HH/}), and closes an hour with {@code _SUCCESS} once its reports are
 * fully in place: each is checked whole (a truncated gzip or a last line cut short is refused),
 * copied under a hidden temporary name, renamed, and only then removed from the dropbox.
 * Running it again does nothing new; files it does not recognise stay where they are.
 */
public final class DropboxIngest {

  /** What a pass did; {@code failed} holds "name: reason" for reports left in the dropbox. */
  public record Report(int placed, int alreadyInPlace, List<String> unrecognised, List<String> failed) {
  }

  private DropboxIngest() {
  }

  public static Report ingest(Configuration conf, Path dropbox, Path root, PrintStream progress) throws IOException {
    FileSystem from = dropbox.getFileSystem(conf);
    FileSystem to = root.getFileSystem(conf);
    List<String> unrecognised = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    Map<Instant, List<FileStatus>> byHour = new TreeMap<>();
    for (FileStatus file : from.listStatus(dropbox)) {
      String name = file.getPath().getName();
      if (name.startsWith(".") || name.startsWith("_")) {
        continue; // an upload still in progress, by the usual convention
      }
      Instant hour = file.isFile() ? HourLayout.reportHour(name) : null;
      if (hour == null) {
        unrecognised.add(name);
      } else {
        byHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(file);
      }
    }
    int placed = 0;
    int present = 0;
    for (Map.Entry<Instant, List<FileStatus>> hour : byHour.entrySet()) {
      Path dir = HourLayout.hourDir(root, hour.getKey());
      boolean complete = true;
      for (FileStatus file : hour.getValue()) {
        Path source = file.getPath();
        Path target = new Path(dir, source.getName());
        String problem;
        if (to.exists(target)) {
          problem = sameBytes(from, source, to, target) ? null : "a different file of that name is already in " + dir;
          if (problem == null) {
            from.delete(source, false);
            present++;
            continue;
          }
        } else {
          problem = unreadable(from, source);
        }
        if (problem == null) {
          Path temporary = new Path(dir, "." + source.getName() + ".ingest");
          to.delete(temporary, false);
          if (!FileUtil.copy(from, source, to, temporary, false, conf) || !to.rename(temporary, target)) {
            problem = "could not be copied to " + target;
          }
        }
        if (problem != null) {
          failed.add(source.getName() + ": " + problem);
          complete = false;
          continue;
        }
        from.delete(source, false);
        placed++;
        progress.printf("ingest: %s -> %s%n", source.getName(), dir);
      }
      Path flag = new Path(dir, HourLayout.DONE_FLAG);
      if (complete && !to.exists(flag)) {
        to.create(flag, false).close();
      }
    }
    return new Report(placed, present, unrecognised, failed);
  }

  /** The UTC hour a report's name gives, or null for any other name. */
  private static boolean sameBytes(FileSystem fa, Path a, FileSystem fb, Path b) throws IOException {
    if (fa.getFileStatus(a).getLen() != fb.getFileStatus(b).getLen()) {
      return false;
    }
    try (InputStream x = fa.open(a); InputStream y = fb.open(b)) {
      byte[] bx = new byte[1 << 16];
      byte[] by = new byte[1 << 16];
      for (int n; (n = x.readNBytes(bx, 0, bx.length)) > 0; ) {
        if (y.readNBytes(by, 0, n) != n || !java.util.Arrays.equals(bx, 0, n, by, 0, n)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Why a report cannot be ingested whole, or null: reads it through, decompressing a gzip. */
  private static String unreadable(FileSystem fs, Path file) {
    boolean gzip = file.getName().endsWith(".gz");
    try (InputStream raw = fs.open(file); InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      byte[] buffer = new byte[1 << 16];
      int last = '\n';
      long total = 0;
      for (int n; (n = in.read(buffer)) > 0; ) {
        last = buffer[n - 1];
        total += n;
      }
      if (total > 0 && last != '\n') {
        return "truncated: its last line has no end";
      }
      return null;
    } catch (IOException e) {
      return (gzip ? "truncated or corrupt gzip: " : "unreadable: ") + e.getMessage();
    }
  }
}
