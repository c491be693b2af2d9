package io.salesrank.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

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

  /** Receives each checked row with its line as written. */
  @FunctionalInterface
  public interface RowSink {
    void accept(RankedRow row, String line) throws IOException;
  }

  /** Totals of a streamed directory. */
  public record Totals(long rows, int categories) {
  }

  /**
   * Streams every row to {@code sink}, checking that each category's ranks run 1..n in rank order
   * (score descending, then product id), that no product repeats within a category, that a
   * category is written in one place, and that the totals match the manifest.
   */
  public Totals forEachRow(RowSink sink) throws IOException {
    Set<String> categories = new HashSet<>();
    Set<String> products = new HashSet<>();
    long rows = 0;
    for (Path part : parts) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part), StandardCharsets.UTF_8), 1 << 16)) {
        RankedRow previous = null;
        String line;
        long lineNo = 0;
        while ((line = in.readLine()) != null) {
          lineNo++;
          RankedRow row;
          try {
            row = RankedRow.parse(line);
          } catch (IllegalArgumentException e) {
            throw bad(part, lineNo, e.getMessage());
          }
          check(part, lineNo, row);
          boolean sameCategory = previous != null && previous.categoryId().equals(row.categoryId());
          if (!sameCategory) {
            if (!categories.add(row.categoryId())) {
              throw bad(part, lineNo, "category " + row.categoryId() + " appears in more than one place");
            }
            products.clear();
            if (row.rank() != 1) {
              throw bad(part, lineNo, "category " + row.categoryId() + " starts at rank " + row.rank() + ", not 1");
            }
          } else {
            if (row.rank() != previous.rank() + 1) {
              throw bad(part, lineNo, "category " + row.categoryId() + " has rank " + row.rank()
                  + " after " + previous.rank());
            }
            if (row.score() > previous.score()
                || (row.score() == previous.score() && row.productId().compareTo(previous.productId()) <= 0)) {
              throw bad(part, lineNo, "category " + row.categoryId() + " is not in rank order at rank " + row.rank());
            }
          }
          if (!products.add(row.productId())) {
            throw bad(part, lineNo, "product " + row.productId() + " appears twice in category " + row.categoryId());
          }
          sink.accept(row, line);
          rows++;
          previous = row;
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

  private void check(Path part, long lineNo, RankedRow row) {
    if (!(row.categoryId().equals(RankedRow.OVERALL) || ID.matcher(row.categoryId()).matches())) {
      throw bad(part, lineNo, "category_id is outside the id alphabet");
    }
    if (!ID.matcher(row.productId()).matches()) {
      throw bad(part, lineNo, "product_id is outside the id alphabet");
    }
    if (row.rank() < 1 || row.rank() > manifest.top()) {
      throw bad(part, lineNo, "rank " + row.rank() + " is outside 1.." + manifest.top());
    }
    if (!(row.score() > 0) || Double.isInfinite(row.score())) {
      throw bad(part, lineNo, "score must be a positive number");
    }
  }

  private static SalesRankException bad(Path where, String problem) {
    return new SalesRankException("ranking directory " + where + " " + problem);
  }

  private static SalesRankException bad(Path part, long lineNo, String problem) {
    return new SalesRankException("ranking file " + part + " line " + lineNo + ": " + problem
        + "; the ranking was not published");
  }
}
