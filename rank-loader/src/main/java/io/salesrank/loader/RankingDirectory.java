package io.salesrank.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.salesrank.mr.HourLayout;
import io.salesrank.mr.RankedRow;
import io.salesrank.mr.RankingManifest;
import io.salesrank.mr.SalesRankException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A ranking directory written by {@code rank} (CONTRACT section 3), on any Hadoop filesystem:
 * {@code _SUCCESS}, {@code _ranking.json} and {@code part-*} files. {@link #forEachRow} checks
 * every row as it streams by, so a broken directory fails the load before anything is published.
 */
public final class RankingDirectory {

  private final Path dir;
  private final FileSystem fs;
  private final RankingManifest manifest;
  private final String manifestJson;
  private final List<Path> parts;

  private RankingDirectory(Path dir, FileSystem fs, RankingManifest manifest, String manifestJson, List<Path> parts) {
    this.dir = dir;
    this.fs = fs;
    this.manifest = manifest;
    this.manifestJson = manifestJson;
    this.parts = parts;
  }

  /** Opens {@code dir}; refuses one without {@code _SUCCESS} or a readable {@code _ranking.json}. */
  public static RankingDirectory open(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      throw bad(dir, "does not exist");
    }
    if (!fs.exists(new Path(dir, HourLayout.DONE_FLAG))) {
      throw bad(dir, "has no " + HourLayout.DONE_FLAG + ": the ranking job did not finish");
    }
    Path manifestFile = new Path(dir, RankingManifest.RANKING_FILE);
    if (!fs.exists(manifestFile)) {
      throw bad(dir, "has no " + RankingManifest.RANKING_FILE);
    }
    String json;
    try (var in = fs.open(manifestFile)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    RankingManifest manifest;
    try {
      manifest = RankingManifest.read(fs, manifestFile);
    } catch (IOException e) {
      throw bad(dir, RankingManifest.RANKING_FILE + " is not valid: " + Database.rootMessage(e));
    }
    if (manifest.rows() == null || manifest.categories() == null || manifest.asOf() == null
        || manifest.hour() == null || manifest.computedAt() == null || manifest.policy() == null) {
      throw bad(dir, RankingManifest.RANKING_FILE + " lacks rows, categories, hour, as_of, computed_at or policy");
    }
    try {
      if (!java.time.Instant.parse(manifest.asOf()).equals(HourLayout.parseHour(manifest.hour()).plusSeconds(3600))) {
        throw bad(dir, RankingManifest.RANKING_FILE + ": as_of " + manifest.asOf() + " is not the end of hour "
            + manifest.hour());
      }
      java.time.Instant.parse(manifest.computedAt());
    } catch (java.time.format.DateTimeParseException | IllegalArgumentException e) {
      throw bad(dir, RankingManifest.RANKING_FILE + " has an unreadable hour, as_of or computed_at");
    }
    FileStatus[] files = fs.globStatus(new Path(dir, "part-*"));
    List<Path> parts = new ArrayList<>();
    for (FileStatus f : files == null ? new FileStatus[0] : files) {
      parts.add(f.getPath());
    }
    parts.sort(null);
    return new RankingDirectory(fs.makeQualified(dir), fs, manifest, json, parts);
  }

  public Path path() {
    return dir;
  }

  public RankingManifest manifest() {
    return manifest;
  }

  /** The {@code _ranking.json} text, as stored with the run. */
  public String manifestJson() {
    return manifestJson;
  }

  /** Receives each checked row's line, as written. */
  @FunctionalInterface
  public interface RowSink {
    void accept(String line) throws IOException;
  }

  /** Totals of a streamed directory. */
  public record Totals(long rows, int categories) {
  }

  /**
   * Streams every line to {@code sink} after checking it: five fields, ids in the id alphabet,
   * each category's ranks 1..n in rank order (score descending, then product id), no product twice
   * in a category, a category written in one place, and totals that match the manifest.
   */
  public Totals forEachRow(RowSink sink) throws IOException {
    Set<String> categories = new HashSet<>();
    Set<String> products = new HashSet<>();
    int[] tabs = new int[4];
    long rows = 0;
    for (Path part : parts) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part), StandardCharsets.UTF_8), 1 << 16)) {
        String category = null;
        String previousProduct = null;
        int previousRank = 0;
        double previousScore = 0;
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (!splitFields(line, tabs)) {
            throw bad(part, lineNo, "expected 5 TAB-separated fields");
          }
          int rank;
          double score;
          try {
            rank = Integer.parseInt(line, tabs[0] + 1, tabs[1], 10);
            Long.parseLong(line, tabs[2] + 1, tabs[3], 10);
            score = Double.parseDouble(line.substring(tabs[3] + 1));
          } catch (NumberFormatException e) {
            throw bad(part, lineNo, "rank, total_sold or score is not a number");
          }
          boolean sameCategory = category != null && line.startsWith(category) && tabs[0] == category.length();
          if (!sameCategory) {
            category = line.substring(0, tabs[0]);
            if (!category.equals(RankedRow.OVERALL) && !isId(category)) {
              throw bad(part, lineNo, "category_id is outside the id alphabet");
            }
            if (!categories.add(category)) {
              throw bad(part, lineNo, "category " + category + " appears in more than one place");
            }
            products.clear();
            if (rank != 1) {
              throw bad(part, lineNo, "category " + category + " starts at rank " + rank + ", not 1");
            }
          }
          String product = line.substring(tabs[1] + 1, tabs[2]);
          if (!isId(product)) {
            throw bad(part, lineNo, "product_id is outside the id alphabet");
          }
          if (rank > manifest.top()) {
            throw bad(part, lineNo, "rank " + rank + " is beyond the top " + manifest.top());
          }
          if (!(score > 0) || Double.isInfinite(score)) {
            throw bad(part, lineNo, "score must be a positive number");
          }
          if (sameCategory) {
            if (rank != previousRank + 1) {
              throw bad(part, lineNo, "category " + category + " has rank " + rank + " after " + previousRank);
            }
            if (score > previousScore || (score == previousScore && product.compareTo(previousProduct) <= 0)) {
              throw bad(part, lineNo, "category " + category + " is not in rank order at rank " + rank);
            }
          }
          if (!products.add(product)) {
            throw bad(part, lineNo, "product " + product + " appears twice in category " + category);
          }
          sink.accept(line);
          rows++;
          previousRank = rank;
          previousScore = score;
          previousProduct = product;
        }
      }
    }
    if (rows != manifest.rows() || categories.size() != manifest.categories()) {
      throw bad(dir, "holds " + rows + " rows in " + categories.size() + " categories but "
          + RankingManifest.RANKING_FILE + " says " + manifest.rows() + " rows in " + manifest.categories()
          + ": the directory is incomplete or was altered");
    }
    return new Totals(rows, categories.size());
  }

  /** Finds the four TABs of a ranking line; false unless there are exactly four. */
  private static boolean splitFields(String line, int[] tabs) {
    int found = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '\t') {
        if (found == 4) {
          return false;
        }
        tabs[found++] = i;
      }
    }
    return found == 4;
  }

  /** {@code [A-Za-z0-9_.:-]{1,64}}, without a regular expression: this runs once per row. */
  static boolean isId(String s) {
    int n = s.length();
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static SalesRankException bad(Path where, String problem) {
    return new SalesRankException("ranking directory " + where + " " + problem);
  }

  private static SalesRankException bad(Path part, long lineNo, String problem) {
    return new SalesRankException("ranking file " + part + " line " + lineNo + ": " + problem
        + "; the ranking was not published");
  }
}
