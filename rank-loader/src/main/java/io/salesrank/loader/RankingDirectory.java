package io.salesrank.loader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    LineChecker checker = new LineChecker(manifest.top());
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
          throw bad(part, checker.lineNo + 1, "the last line has no line end; the file is truncated");
        }
      }
    }
    if (checker.rows != manifest.rows() || checker.categories.size() != manifest.categories()) {
      throw bad(dir, "holds " + checker.rows + " rows in " + checker.categories.size() + " categories but "
          + RankingManifest.RANKING_FILE + " says " + manifest.rows() + " rows in " + manifest.categories()
          + ": the directory is incomplete or was altered");
    }
    return new Totals(checker.rows, Set.copyOf(checker.categories));
  }

  /** The per-line checks of {@link #forEachRow}, over bytes, carrying state from line to line. */
  private static final class LineChecker {
    private static final byte[] OVERALL = RankedRow.OVERALL.getBytes(StandardCharsets.US_ASCII);

    private final int top;
    private final int[] tabs = new int[4];
    final Set<String> categories = new HashSet<>();
    private final Set<String> products = new HashSet<>();
    private Path part;
    long rows;
    long lineNo;
    private byte[] category = new byte[0];
    private int categoryLength = -1;
    private String categoryName;
    private String previousProduct;
    private int previousRank;
    private double previousScore;

    LineChecker(int top) {
      this.top = top;
    }

    void startFile(Path file) {
      part = file;
      lineNo = 0;
      categoryLength = -1;
    }

    /** Checks the whole lines in {@code b[from, to)}; returns the end of the last whole line. */
    int checkLines(byte[] b, int from, int to) {
      int start = from;
      for (int i = from; i < to; i++) {
        if (b[i] == '\n') {
          lineNo++;
          check(b, start, i);
          rows++;
          start = i + 1;
        }
      }
      return start;
    }

    private void check(byte[] b, int start, int end) {
      int found = 0;
      for (int i = start; i < end; i++) {
        if (b[i] == '\t') {
          if (found == 4) {
            throw bad(part, lineNo, "expected 5 TAB-separated fields");
          }
          tabs[found++] = i;
        }
      }
      if (found != 4) {
        throw bad(part, lineNo, "expected 5 TAB-separated fields");
      }
      long rank = digits(b, tabs[0] + 1, tabs[1]);
      // total_sold may be negative under decay: returns weigh fully, old sales decay.
      digits(b, b[tabs[2] + 1] == '-' ? tabs[2] + 2 : tabs[2] + 1, tabs[3]);
      double score = score(b, tabs[3] + 1, end);
      int categoryEnd = tabs[0];
      boolean sameCategory = categoryLength == categoryEnd - start
          && Arrays.equals(category, 0, categoryLength, b, start, categoryEnd);
      if (!sameCategory) {
        boolean overall = Arrays.equals(OVERALL, 0, OVERALL.length, b, start, categoryEnd);
        if (!overall && !isId(b, start, categoryEnd)) {
          throw bad(part, lineNo, "category_id is outside the id alphabet");
        }
        categoryLength = categoryEnd - start;
        if (category.length < categoryLength) {
          category = new byte[Math.max(64, categoryLength)];
        }
        System.arraycopy(b, start, category, 0, categoryLength);
        categoryName = new String(b, start, categoryLength, StandardCharsets.US_ASCII);
        if (!categories.add(categoryName)) {
          throw bad(part, lineNo, "category " + categoryName + " appears in more than one place");
        }
        products.clear();
        if (rank != 1) {
          throw bad(part, lineNo, "category " + categoryName + " starts at rank " + rank + ", not 1");
        }
      }
      if (!isId(b, tabs[1] + 1, tabs[2])) {
        throw bad(part, lineNo, "product_id is outside the id alphabet");
      }
      String product = new String(b, tabs[1] + 1, tabs[2] - tabs[1] - 1, StandardCharsets.US_ASCII);
      if (rank > top) {
        throw bad(part, lineNo, "rank " + rank + " is beyond the top " + top);
      }
      if (!(score > 0) || Double.isInfinite(score)) {
        throw bad(part, lineNo, "score must be a positive number");
      }
      if (sameCategory) {
        if (rank != previousRank + 1) {
          throw bad(part, lineNo, "category " + categoryName + " has rank " + rank + " after " + previousRank);
        }
        if (score > previousScore || (score == previousScore && product.compareTo(previousProduct) <= 0)) {
          throw bad(part, lineNo, "category " + categoryName + " is not in rank order at rank " + rank);
        }
      }
      if (!products.add(product)) {
        throw bad(part, lineNo, "product " + product + " appears twice in category " + categoryName);
      }
      previousRank = (int) rank;
      previousScore = score;
      previousProduct = product;
    }

    /** A non-negative decimal integer of at most 18 digits, as rank and total_sold are written. */
    private long digits(byte[] b, int from, int to) {
      if (to == from || to - from > 18) {
        throw bad(part, lineNo, "rank, total_sold or score is not a number");
      }
      long value = 0;
      for (int i = from; i < to; i++) {
        int d = b[i] - '0';
        if (d < 0 || d > 9) {
          throw bad(part, lineNo, "rank, total_sold or score is not a number");
        }
        value = value * 10 + d;
      }
      return value;
    }

    /** The score: digits only (a window's count) without allocating, else Java's double syntax. */
    private double score(byte[] b, int from, int to) {
      boolean plain = to > from && to - from <= 15;
      for (int i = from; plain && i < to; i++) {
        plain = b[i] >= '0' && b[i] <= '9';
      }
      if (plain) {
        return digits(b, from, to);
      }
      try {
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw bad(part, lineNo, "rank, total_sold or score is not a number");
      }
    }
  }

  /** {@code [A-Za-z0-9_.:-]{1,64}}, without a regular expression: this runs once per row. */
  private static boolean isId(byte[] b, int from, int to) {
    int n = to - from;
    if (n < 1 || n > 64) {
      return false;
    }
    for (int i = from; i < to; i++) {
      byte c = b[i];
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
