package io.salesrank.loader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Hand-made ranking directories, as rank writes them, for loader tests. */
final class RankingDirs {

  /** The window policy {@code rank} uses by default. */
  static final RankingManifest.Policy WINDOW = new RankingManifest.Policy("window", 168, null, null, "units", null,
      null);

  private RankingDirs() {
  }

  /** The ranking directory {@code dir} renamed: its manifest's {@code name} set to {@code name}. */
  static Path named(Path dir, String name) throws IOException {
    Path manifest = dir.resolve(RankingManifest.RANKING_FILE);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(manifest.toFile());
    tree.put("name", name);
    json.writeValue(manifest.toFile(), tree);
    // As rank would have written it: the local filesystem's checksum of the old bytes goes with them.
    Files.deleteIfExists(dir.resolve("." + RankingManifest.RANKING_FILE + ".crc"));
    return dir;
  }

  /**
   * {@code categories} categories (c0.. plus '*') of {@code perCategory} rows each; row r of every
   * category sells {@code unitsOf.apply(r)} units, so a test can tell runs apart by their units.
   */
  static List<RankedRow> rows(int categories, int perCategory, IntFunction<Long> unitsOf) {
    List<RankedRow> rows = new ArrayList<>();
    for (int c = -1; c < categories; c++) {
      String category = c < 0 ? Ids.OVERALL : "c" + c;
      for (int r = 1; r <= perCategory; r++) {
        long units = unitsOf.apply(r);
        rows.add(new RankedRow(category, r, String.format("p%06d", r), units, units));
      }
    }
    return rows;
  }

  /** A window (168 hours) ranking as of the end of {@code hour}, as {@code rank --hour} writes it. */
  static Path write(Path dir, String hour, int top, List<RankedRow> rows) throws IOException {
    return write(dir, hour, HourLayout.parseHour(hour).plus(Duration.ofHours(1)), WINDOW, top, rows);
  }

  /** A ranking of {@code hour} as of {@code asOf} (the end of the hour, or a minute in it as {@code --at}). */
  static Path write(Path dir, String hour, Instant asOf, RankingManifest.Policy policy, int top, List<RankedRow> rows)
      throws IOException {
    return write(dir, hour, asOf, policy, top, rows, null, null);
  }

  /**
   * A ranking as {@link #write(Path, String, Instant, RankingManifest.Policy, int, List)} writes it, its
   * manifest naming {@code tree} (the test writes its {@code _tree.tsv}) and {@code fallbacks}.
   */
  static Path write(Path dir, String hour, Instant asOf, RankingManifest.Policy policy, int top, List<RankedRow> rows,
      RankingManifest.CategoryTree tree, Map<String, Integer> fallbacks) throws IOException {
    Files.createDirectories(dir);
    List<String> categories = rows.stream().map(RankedRow::categoryId).distinct().toList();
    try (BufferedWriter a = Files.newBufferedWriter(dir.resolve("part-r-00000"));
         BufferedWriter b = Files.newBufferedWriter(dir.resolve("part-r-00001"))) {
      for (RankedRow row : rows) {
        BufferedWriter out = (categories.indexOf(row.categoryId()) % 2 == 0) ? a : b;
        out.write(row.toLine());
        out.write('\n');
      }
    }
    Files.createFile(dir.resolve("_SUCCESS"));
    new RankingManifest(RankingManifest.FORMAT_VERSION, null, hour, asOf.toString(), asOf.plusSeconds(372).toString(),
        policy, top, new RankingManifest.Input("file:/logs", 168, 0, 0),
        new RankingManifest.Counts(1000, 0, 0, 0, Map.of(), 0, 1000), List.of(),
        (long) rows.size(), categories.size(), tree, null, fallbacks)
        .write(FileSystem.getLocal(new Configuration()),
            new org.apache.hadoop.fs.Path(dir.resolve(RankingManifest.RANKING_FILE).toUri()));
    return dir;
  }
}
