package io.salesrank.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Ids;
import io.salesrank.shared.Messages;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A ranking directory written by {@code rank} (docs/cli.md), on any Hadoop filesystem:
 * {@code _SUCCESS}, {@code _ranking.json}, {@code part-*} files and, when the run used a category
 * tree, {@code _tree.tsv}. {@link #forEachRow} checks every row as it streams by, so a broken
 * directory fails the load before anything is published.
 */
public final class RankingDirectory {

  private final Path dir;
  private final FileSystem fs;
  private final RankingManifest manifest;
  private final String manifestJson;
  private final List<Path> parts;
  private final Map<String, String> parents;

  private RankingDirectory(Path dir, FileSystem fs, RankingManifest manifest, String manifestJson, List<Path> parts,
      Map<String, String> parents) {
    this.dir = dir;
    this.fs = fs;
    this.manifest = manifest;
    this.manifestJson = manifestJson;
    this.parts = parts;
    this.parents = parents;
  }

  /**
   * Opens {@code dir}; refuses one without {@code _SUCCESS} or a readable {@code _ranking.json}, with
   * rules that do not add up, or with a malformed {@code _tree.tsv}.
   */
  public static RankingDirectory open(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      throw bad(dir, "does not exist");
    }
    Path manifestFile = new Path(dir, RankingManifest.RANKING_FILE);
    FileStatus[] files = fs.globStatus(new Path(dir, "part-*"));
    boolean hasParts = files != null && files.length > 0;
    if (!fs.exists(new Path(dir, HourLayout.DONE_FLAG))) {
      throw bad(dir, hasParts || fs.exists(manifestFile)
          ? "has no " + HourLayout.DONE_FLAG + ": the ranking job did not finish"
          : "is not a ranking directory (no " + HourLayout.DONE_FLAG + ", " + RankingManifest.RANKING_FILE
              + " or part-* files); pass the directory rank --out wrote");
    }
    if (!fs.exists(manifestFile)) {
      throw bad(dir, "has no " + RankingManifest.RANKING_FILE);
    }
    String json;
    try (var in = fs.open(manifestFile)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (ChecksumException e) {
      throw staleChecksum(manifestFile);
    }
    RankingManifest manifest = checkManifest(dir, json);
    Path treeFile = new Path(dir, RankingManifest.TREE_FILE);
    boolean hasTree = fs.exists(treeFile);
    if (hasTree != (manifest.categoryTree() != null)) {
      throw bad(dir, hasTree
          ? "has a " + RankingManifest.TREE_FILE + " but " + RankingManifest.RANKING_FILE + " names no category tree"
          : "has no " + RankingManifest.TREE_FILE + " but " + RankingManifest.RANKING_FILE + " names a category tree");
    }
    Map<String, String> parents = hasTree ? readTree(fs, treeFile) : Map.of();
    List<Path> parts = new ArrayList<>();
    for (FileStatus f : files == null ? new FileStatus[0] : files) {
      parts.add(f.getPath());
    }
    parts.sort(null);
    return new RankingDirectory(fs.makeQualified(dir), fs, manifest, json, parts, parents);
  }

  /**
   * Parses {@code _ranking.json} and checks it: the fields a publish needs, readable instants, and
   * rules that add up. Pure, so the fuzz tests reach it without a filesystem.
   *
   * @throws SalesRankException naming {@code dir} and what is wrong
   */
  static RankingManifest checkManifest(Path dir, String json) {
    RankingManifest manifest;
    try {
      manifest = RankingManifest.parse(json);
    } catch (IOException e) {
      // Jackson quotes the bad token, control characters and all: escaped, so the error stays one line.
      throw bad(dir, RankingManifest.RANKING_FILE + " is not valid: " + printable(Messages.rootMessage(e), 300));
    }
    // Everything the publisher reads: without counts it failed with a NullPointerException mid-publish.
    if (manifest.rows() == null || manifest.categories() == null || manifest.top() == null || manifest.asOf() == null
        || manifest.hour() == null || manifest.computedAt() == null || manifest.policy() == null
        || manifest.counts() == null) {
      throw bad(dir, RankingManifest.RANKING_FILE
          + " lacks rows, categories, top, hour, as_of, computed_at, policy or counts");
    }
    try {
      Instant hour = HourLayout.parseHour(manifest.hour());
      Instant asOf = Instant.parse(manifest.asOf());
      // --hour H ranks as of H + 1h, --at as of a minute of the hour H in progress (docs/ranking-rules.md).
      if (!asOf.equals(asOf.truncatedTo(ChronoUnit.MINUTES)) || !asOf.isAfter(hour)
          || asOf.isAfter(hour.plus(Duration.ofHours(1)))) {
        throw bad(dir, RankingManifest.RANKING_FILE + ": as_of " + manifest.asOf() + " is not a whole minute after"
            + " the start of hour " + manifest.hour() + " and at most an hour after it");
      }
      Instant.parse(manifest.computedAt());
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw bad(dir, RankingManifest.RANKING_FILE + " has an unreadable hour, as_of or computed_at");
    }
    checkRules(dir, manifest);
    return manifest;
  }

  /**
   * The policy's rules as the database stores them: a metric it knows, {@code min_products} and
   * {@code fallback_hours} together, and every fallback span one of {@code fallback_hours}.
   */
  private static void checkRules(Path dir, RankingManifest manifest) {
    RankingManifest.Policy p = manifest.policy();
    String in = RankingManifest.RANKING_FILE + ": ";
    if (p.kind() == null || !List.of("window", "decay", "trend").contains(p.kind())) {
      throw bad(dir, in + "the policy kind must be window, decay or trend, not " + shown(p.kind()));
    }
    if ("trend".equals(p.kind()) ? p.trendHours() == null || p.minUnits() == null
        : p.windowHours() == null && p.lookbackHours() == null) {
      throw bad(dir, in + "the policy has neither window_hours nor lookback_hours, nor a trend's trend_hours"
          + " and min_units");
    }
    if (!List.of("units", "orders").contains(p.metricOrDefault())) {
      throw bad(dir, in + "the metric must be units or orders, not " + shown(p.metricOrDefault()));
    }
    boolean fallsBack = p.minProducts() != null && p.minProducts() > 0;
    if (fallsBack != (p.fallbackHours() != null && !p.fallbackHours().isEmpty())) {
      throw bad(dir, in + "the policy has min_products without fallback_hours, or fallback_hours without"
          + " min_products");
    }
    if (manifest.categoryTree() != null && manifest.categoryTree().sha256() == null) {
      throw bad(dir, in + "category_tree has no sha256");
    }
    if (manifest.productParent() != null && manifest.productParent().sha256() == null) {
      throw bad(dir, in + "product_parent has no sha256");
    }
    if (!Ids.isRankingName(manifest.nameOrDefault())) {
      throw bad(dir, in + "the name must match " + Ids.NAME_PATTERN + ", not " + shown(manifest.nameOrDefault()));
    }
    for (Map.Entry<String, Integer> f : manifest.fallbacksOrEmpty().entrySet()) {
      if (!fallsBack || !p.fallbackHours().contains(f.getValue())) {
        throw bad(dir, in + "fallbacks ranks category " + shown(f.getKey()) + " over " + f.getValue()
            + " hours, which is not one of the policy's fallback_hours " + p.fallbackHours());
      }
    }
  }

  /**
   * The parents of {@code _tree.tsv}: one category a line, {@code category_id TAB parent_id}, the
   * parent empty (or absent) for a root, as docs/ranking-rules.md gives a tree ({@code #} comment lines
   * and empty lines skipped). The run checked the tree for cycles and depth before ranking by it.
   */
  private static Map<String, String> readTree(FileSystem fs, Path file) throws IOException {
    Map<String, String> parents = new HashMap<>();
    Map<String, Long> listedOn = new HashMap<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      long lineNo = 0;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length > 2) {
          throw bad(file, lineNo, "expected category_id TAB parent_id");
        }
        String category = fields[0];
        String parent = fields.length < 2 || fields[1].isEmpty() ? null : fields[1];
        if (!Ids.isId(category)) {
          throw bad(file, lineNo, "category_id is outside the id alphabet " + Ids.PATTERN);
        }
        if (parent != null && !Ids.isId(parent)) {
          throw bad(file, lineNo, "parent_id is outside the id alphabet " + Ids.PATTERN);
        }
        Long first = listedOn.putIfAbsent(category, lineNo);
        if (first != null) {
          throw bad(file, lineNo, "category " + category + " is listed twice (first on line " + first + ")");
        }
        if (parent != null) {
          parents.put(category, parent);
        }
      }
    } catch (ChecksumException e) {
      throw staleChecksum(file);
    }
    return Map.copyOf(parents);
  }

  public Path path() {
    return dir;
  }

  public RankingManifest manifest() {
    return manifest;
  }

  /**
   * The parent of {@code categoryId} in the run's category tree: null for a root, for a category the
   * tree does not name, for {@code *}, and when the run used no tree.
   */
  public String parentOf(String categoryId) {
    return parents.get(categoryId);
  }

  /** The hours {@code categoryId} was ranked over: its fallback span, or the policy's window or lookback. */
  public int spanHoursOf(String categoryId) {
    Integer fallback = manifest.fallbacksOrEmpty().get(categoryId);
    return fallback != null ? fallback : manifest.policy().spanHours();
  }

  /** The {@code _ranking.json} text, as stored with the run. */
  public String manifestJson() {
    return manifestJson;
  }

  /** Receives the directory's bytes, whole checked lines at a time, exactly as written. */
  @FunctionalInterface
  public interface ChunkSink {
    void accept(byte[] bytes, int offset, int length) throws IOException;
  }

  /** Totals of a streamed directory, and the categories it holds ({@code *} included). */
  public record Totals(long rows, Set<String> categoryIds) {

    public int categories() {
      return categoryIds.size();
    }
  }

  /**
   * Streams every line to {@code sink} after checking it: five fields, ids in the id alphabet,
   * each category's ranks 1..n in rank order (score descending, then product id), no product twice
   * in a category, a category written in one place, and totals that match the manifest. Lines are
   * checked as bytes and handed on unchanged, so a publish never decodes or re-encodes a row.
   */
  public Totals forEachRow(ChunkSink sink) throws IOException {
    RankingLineChecker checker = new RankingLineChecker(manifest.top());
    byte[] buffer = new byte[1 << 16];
    for (Path part : parts) {
      checker.startFile(part);
      try (InputStream in = fs.open(part)) {
        int filled = 0;
        int n;
        while ((n = in.read(buffer, filled, buffer.length - filled)) > 0) {
          filled += n;
          int end = checker.checkLines(buffer, 0, filled);
          if (end == 0 && filled == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);  // a line longer than the buffer
            continue;
          }
          sink.accept(buffer, 0, end);
          System.arraycopy(buffer, end, buffer, 0, filled - end);
          filled -= end;
        }
        if (filled > 0) {
          throw bad(part, checker.lineNo() + 1, "the last line has no line end; the file is truncated");
        }
      } catch (ChecksumException e) {
        throw staleChecksum(part);
      }
    }
    if (checker.rows() != manifest.rows() || checker.categories().size() != manifest.categories()) {
      throw bad(dir, "holds " + checker.rows() + " rows in " + checker.categories().size() + " categories but "
          + RankingManifest.RANKING_FILE + " says " + manifest.rows() + " rows in " + manifest.categories()
          + ": the directory is incomplete or was altered");
    }
    return new Totals(checker.rows(), Set.copyOf(checker.categories()));
  }

  /**
   * A value of the manifest for an error message: as it is when short printable ASCII, else quoted, cut at
   * 32 characters and anything but printable ASCII escaped, so a damaged file cannot make the one-line
   * error long or break it over lines.
   */
  static String shown(String value) {
    if (value == null) {
      return "null";
    }
    if (value.length() <= 64 && value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return value;
    }
    return "'" + printable(value, 32) + "'" + (value.length() > 32 ? "... (" + value.length() + " characters)" : "");
  }

  /** {@code text} cut at {@code max} characters, anything but printable ASCII escaped (a backslash-u escape). */
  private static String printable(String text, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < max; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return out.toString();
  }

  /** A file whose bytes no longer match the {@code .NAME.crc} Hadoop wrote beside it. */
  private static SalesRankException staleChecksum(Path file) {
    return new SalesRankException("ranking file " + file + " does not match its checksum file ." + file.getName()
        + ".crc (edited after rank wrote it?): run rank again, or delete ." + file.getName()
        + ".crc if the change is meant; the ranking was not published");
  }

  private static SalesRankException bad(Path where, String problem) {
    return new SalesRankException("ranking directory " + where + " " + problem);
  }

  static SalesRankException bad(Path part, long lineNo, String problem) {
    return new SalesRankException("ranking file " + part + " line " + lineNo + ": " + problem
        + "; the ranking was not published");
  }
}
