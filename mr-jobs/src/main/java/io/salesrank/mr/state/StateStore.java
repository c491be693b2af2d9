package io.salesrank.mr.state;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state directory on any Hadoop filesystem: committed versions {@code v-NNNNNNNN/} (totals
 * {@code part-r-*}, partial sums {@code c/f<id>-m-*}, {@link FileIndex#FILE}, {@link StateManifest#FILE})
 * and the {@code tmp-<run>/} directories of runs under way. A version is written whole under
 * {@code tmp-<run>} and committed by one rename to the next version number, so a run killed at any
 * point leaves the last committed version as it was, and of two runs that race for a number one
 * wins and the other's update is dropped.
 */
final class StateStore {

  private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
  /** Any file of a file's partial sums: a stray one (a copy left behind) counts too, and fails the check. */
  private static final Pattern SUMS = Pattern.compile("f(\\d+)-m-.*");
  static final String SUMS_DIR = "c";
  /**
   * Versions kept whole, for runs that started from them: the current one and the two before it, and
   * any committed within {@link #KEPT_MILLIS}.
   */
  private static final int KEPT_VERSIONS = 3;
  private static final long KEPT_MILLIS = 24 * 3_600_000L;
  private static final long STALE_TMP_MILLIS = 24 * 3_600_000L;

  /** A committed version, checked. */
  record Loaded(StateManifest manifest, Path dir, FileIndex index) {
  }

  /** Why a state cannot be used: damaged or incompatible. */
  static final class Unusable extends Exception {
    Unusable(String why) {
      super(why, null, false, false);
    }
  }

  private final Configuration conf;
  private final FileSystem fs;
  private final Path dir;

  StateStore(Configuration conf, Path dir) throws IOException {
    this.conf = conf;
    this.fs = dir.getFileSystem(conf);
    this.dir = fs.makeQualified(dir);
  }

  Path dir() {
    return dir;
  }

  Path versionDir(long version) {
    return new Path(dir, String.format("v-%08d", version));
  }

  Path tmp(String runId) {
    return new Path(dir, "tmp-" + runId);
  }

  /**
   * The newest committed version, checked against its manifest; null when there is none.
   *
   * @throws Unusable when it is damaged, or was built for another input or other options
   */
  Loaded load(String input, String options) throws IOException, Unusable {
    long newest = newestVersion();
    if (newest == 0) {
      return null;
    }
    Path version = versionDir(newest);
    StateManifest manifest;
    try {
      manifest = StateManifest.read(fs, new Path(version, StateManifest.FILE));
    } catch (IOException e) {
      throw new Unusable("its version " + version.getName() + " has no readable " + StateManifest.FILE);
    }
    if (manifest.format() != StateManifest.FORMAT || manifest.version() != newest) {
      throw new Unusable("its version " + version.getName() + " is of another format");
    }
    if (!input.equals(manifest.input())) {
      throw new Unusable("it was built for the input " + manifest.input());
    }
    if (!options.equals(manifest.options())) {
      throw new Unusable("it was built for other ranking options (" + manifest.options() + ")");
    }
    // One part per reducer that wrote them, each merged by the same reducer next time.
    for (int i = 0; i < manifest.totals().size(); i++) {
      StateManifest.Part part = manifest.totals().get(i);
      if (!part.name().equals(String.format("part-r-%05d", i))) {
        throw new Unusable("its totals are not the parts 0.." + (manifest.totals().size() - 1) + " of one job");
      }
      requireLength(new Path(version, part.name()), part.length());
    }
    if (manifest.totals().isEmpty()) {
      throw new Unusable("its version " + version.getName() + " has no totals");
    }
    Path indexFile = new Path(version, FileIndex.FILE);
    requireLength(indexFile, manifest.indexBytes());
    FileIndex index;
    try {
      index = FileIndex.read(fs, indexFile);
    } catch (IOException e) {
      throw new Unusable("its file index is damaged: " + e.getMessage());
    }
    requireIds(index, manifest.nextFileId());
    requireSums(index);
    return new Loaded(manifest, version, index);
  }

  /** The number of the newest version directory, damaged or not; 0 when there is none. */
  long newestVersion() throws IOException {
    long newest = 0;
    for (FileStatus child : list(dir)) {
      Matcher m = StateConfig.VERSION.matcher(child.getPath().getName());
      if (child.isDirectory() && m.matches()) {
        newest = Math.max(newest, Long.parseLong(m.group(1)));
      }
    }
    return newest;
  }

  private void requireLength(Path file, long length) throws IOException, Unusable {
    FileStatus status;
    try {
      status = fs.getFileStatus(file);
    } catch (FileNotFoundException e) {
      throw new Unusable(file + " is missing");
    }
    if (status.getLen() != length) {
      throw new Unusable(file + " has " + status.getLen() + " bytes, its manifest says " + length);
    }
  }

  /** File ids are unique and below the next one to give: a damaged manifest must not reuse one. */
  private static void requireIds(FileIndex index, long nextFileId) throws Unusable {
    Set<Long> seen = new HashSet<>();
    for (FileIndex.Entry e : index.entries()) {
      if (e.fileId() >= nextFileId || !seen.add(e.fileId())) {
        throw new Unusable("its file index gives the id " + e.fileId() + " twice or beyond " + nextFileId);
      }
    }
  }

  /** Every file's partial sums are there, whole: one listing per version that holds some. */
  private void requireSums(FileIndex index) throws IOException, Unusable {
    Map<String, Map<Long, long[]>> found = new HashMap<>();
    for (FileIndex.Entry e : index.entries()) {
      if (!e.hasSums()) {
        continue;
      }
      Map<Long, long[]> inVersion = found.computeIfAbsent(e.version(), this::sumsIn);
      long[] partsAndBytes = inVersion.getOrDefault(e.fileId(), new long[2]);
      if (partsAndBytes[0] != e.parts() || partsAndBytes[1] != e.bytes()) {
        throw new Unusable("the partial sums of " + e.path() + " in " + e.version() + " are missing or damaged");
      }
    }
  }

  private Map<Long, long[]> sumsIn(String version) {
    try {
      return sumsWritten(new Path(dir, version));
    } catch (IOException e) {
      LOG.warn("Cannot list the partial sums of {}: {}", version, e.getMessage());
      return new HashMap<>();
    }
  }

  /** Parts and bytes of each file's partial sums written under {@code versionDir}. */
  Map<Long, long[]> sumsWritten(Path versionDir) throws IOException {
    Map<Long, long[]> byFile = new HashMap<>();
    for (FileStatus f : list(new Path(versionDir, SUMS_DIR))) {
      Matcher m = SUMS.matcher(f.getPath().getName());
      if (m.matches()) {
        long[] acc = byFile.computeIfAbsent(Long.parseLong(m.group(1)), id -> new long[2]);
        acc[0]++;
        acc[1] += f.getLen();
      }
    }
    return byFile;
  }

  /**
   * Makes {@code tmp} the committed version {@code version}: one rename, refused when the version
   * exists. Returns false, removing {@code tmp}, when another run committed that version first.
   */
  boolean commit(Path tmp, long version, String runId) throws IOException {
    Path target = versionDir(version);
    try {
      FileContext.getFileContext(dir.toUri(), conf).rename(tmp, target, Options.Rename.NONE);
    } catch (FileAlreadyExistsException e) {
      fs.delete(tmp, true);
      return false;
    }
    // A filesystem whose rename is not atomic could have let a racing run in: the manifest says who won.
    StateManifest committed = StateManifest.read(fs, new Path(target, StateManifest.FILE));
    if (!runId.equals(committed.runId())) {
      fs.delete(tmp, true);
      return false;
    }
    return true;
  }

  /**
   * Removes what no kept version needs: of versions older than the last {@link #KEPT_VERSIONS}, all but
   * the partial sums a kept version's index still names; and {@code tmp-*} directories of runs that
   * died more than a day ago. A failure is logged; the next commit tries again.
   */
  void collectGarbage(long current) {
    try {
      Set<String> referenced = new HashSet<>();
      for (long v = Math.max(1, current - KEPT_VERSIONS + 1); v <= current; v++) {
        Path indexFile = new Path(versionDir(v), FileIndex.FILE);
        if (fs.exists(indexFile)) {
          for (FileIndex.Entry e : FileIndex.read(fs, indexFile).entries()) {
            if (e.hasSums()) {
              referenced.add(e.version() + "/f" + e.fileId());
            }
          }
        }
      }
      long now = System.currentTimeMillis();
      for (FileStatus child : list(dir)) {
        String name = child.getPath().getName();
        Matcher m = StateConfig.VERSION.matcher(name);
        if (m.matches() && Long.parseLong(m.group(1)) <= current - KEPT_VERSIONS
            && now - child.getModificationTime() > KEPT_MILLIS) {
          prune(child.getPath(), referenced);
        } else if (name.startsWith("tmp-") && now - child.getModificationTime() > STALE_TMP_MILLIS) {
          fs.delete(child.getPath(), true);
        }
      }
    } catch (IOException e) {
      LOG.warn("Removing old state versions failed; the next run tries again: {}", e.getMessage());
    }
  }

  private void prune(Path version, Set<String> referenced) throws IOException {
    boolean keep = false;
    for (FileStatus child : list(version)) {
      if (!child.getPath().getName().equals(SUMS_DIR)) {
        fs.delete(child.getPath(), true);
        continue;
      }
      for (FileStatus sums : list(child.getPath())) {
        Matcher m = SUMS.matcher(sums.getPath().getName());
        if (m.matches() && referenced.contains(version.getName() + "/f" + m.group(1))) {
          keep = true;
        } else {
          fs.delete(sums.getPath(), false);
        }
      }
    }
    if (!keep) {
      fs.delete(version, true);
    }
  }

  private List<FileStatus> list(Path path) throws IOException {
    try {
      return List.of(fs.listStatus(path));
    } catch (FileNotFoundException e) {
      return new ArrayList<>();
    }
  }
}
