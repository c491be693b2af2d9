package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.ranking.RankingManifest;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link RankingDirectory#open} accepts of a ranking directory's {@code as_of}, rules and tree. */
class RankingDirectoryTest {

  @TempDir
  Path dir;

  private RankingDirectory open(String name, String hour, String asOf) throws IOException {
    Path ranking = RankingDirs.write(dir.resolve(name), hour, Instant.parse(asOf), RankingDirs.WINDOW, 100,
        RankingDirs.rows(1, 2, r -> 10L - r));
    return RankingDirectory.open(new Configuration(), new org.apache.hadoop.fs.Path(ranking.toUri()));
  }

  @Test
  void acceptsAsOfAnyWholeMinuteAfterTheStartOfTheHourUpToItsEnd() throws IOException {
    int n = 0;
    for (String asOf : List.of("2026-11-22T13:01:00Z", "2026-11-22T13:15:00Z", "2026-11-22T13:59:00Z",
        "2026-11-22T14:00:00Z")) {
      assertThat(open("ok" + n++, "2026-11-22T13", asOf).manifest().asOf()).isEqualTo(asOf);
    }
  }

  @Test
  void refusesAsOfOutsideTheHourOrBetweenMinutes() {
    int n = 0;
    for (String asOf : List.of("2026-11-22T13:00:00Z", "2026-11-22T14:01:00Z", "2026-11-22T12:59:00Z",
        "2026-11-22T13:15:30Z", "2026-11-22T13:15:00.250Z")) {
      String name = "bad" + n++;
      assertThatThrownBy(() -> open(name, "2026-11-22T13", asOf)).as(asOf)
          .isInstanceOf(SalesRankException.class)
          .hasMessageEndingWith("_ranking.json: as_of " + asOf + " is not a whole minute after the start of hour"
              + " 2026-11-22T13 and at most an hour after it");
    }
  }

  private static final RankingManifest.Policy SPARSE = new RankingManifest.Policy("window", 168, null, null, "units",
      5, List.of(336, 720));
  private static final RankingManifest.CategoryTree TREE = new RankingManifest.CategoryTree("file:/trees/t.tsv", 3,
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

  /** A ranking as of the end of hour 13 by {@code policy}, with {@code treeTsv} (if not null) as its tree. */
  private RankingDirectory open(String name, RankingManifest.Policy policy, RankingManifest.CategoryTree tree,
      String treeTsv, Map<String, Integer> fallbacks) throws IOException {
    Path ranking = RankingDirs.write(dir.resolve(name), "2026-11-22T13", Instant.parse("2026-11-22T14:00:00Z"),
        policy, 100, RankingDirs.rows(3, 2, r -> 10L - r), tree, fallbacks);
    if (treeTsv != null) {
      Files.writeString(ranking.resolve(RankingManifest.TREE_FILE), treeTsv);
    }
    return RankingDirectory.open(new Configuration(), new org.apache.hadoop.fs.Path(ranking.toUri()));
  }

  @Test
  void givesEachCategoryItsParentInTheTreeAndItsSpan() throws IOException {
    RankingDirectory ranking = open("tree", SPARSE, TREE, "# the shop\nc0\t\n\nc1\tc0\nc2\tc1\nc7\n",
        Map.of("c2", 720, "*", 336));

    assertThat(List.of("*", "c0", "c1", "c2", "c3", "c7")).map(ranking::parentOf)
        .containsExactly(null, null, "c0", "c1", null, null);
    assertThat(List.of("*", "c0", "c1", "c2")).map(ranking::spanHoursOf).containsExactly(336, 168, 168, 720);
  }

  @Test
  void withoutATreeNoCategoryHasAParentAndEachIsRankedOverThePolicysSpan() throws IOException {
    RankingManifest.Policy decay = new RankingManifest.Policy("decay", null, 24.0, 720, null, null, null);
    RankingDirectory ranking = open("plain", decay, null, null, null);

    assertThat(List.of("*", "c0", "c1")).map(ranking::parentOf).containsOnlyNulls();
    assertThat(List.of("*", "c0", "c1")).map(ranking::spanHoursOf).containsOnly(720);
  }

  static Stream<Arguments> malformedTrees() {
    return Stream.of(
        arguments("c0\t\nc1\tc0\tc2\n", "line 2: expected category_id TAB parent_id"),
        arguments("c0\t\nc 1\tc0\n", "line 2: category_id is outside the id alphabet"),
        arguments("# roots\nc0\tc/1\n", "line 2: parent_id is outside the id alphabet"),
        arguments("c0\t\n\nc1\tc0\nc0\tc1\n", "line 4: category c0 is listed twice (first on line 1)"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("malformedTrees")
  void refusesAMalformedTreeNamingTheFileAndLine(String tree, String reason) {
    assertThatThrownBy(() -> open("damaged", SPARSE, TREE, tree, Map.of()))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("ranking file ")
        .hasMessageContaining("damaged/_tree.tsv " + reason)
        .hasMessageEndingWith("; the ranking was not published");
  }

  @Test
  void refusesRulesThatDoNotAddUp() {
    RankingManifest.Policy noFallbackHours = new RankingManifest.Policy("window", 168, null, null, "units", 5, null);
    RankingManifest.Policy clicks = new RankingManifest.Policy("window", 168, null, null, "clicks", null, null);
    assertThatThrownBy(() -> open("no-file", SPARSE, TREE, null, Map.of()))
        .hasMessageEndingWith("has no _tree.tsv but _ranking.json names a category tree");
    assertThatThrownBy(() -> open("no-tree", SPARSE, null, "c0\t\n", Map.of()))
        .hasMessageEndingWith("has a _tree.tsv but _ranking.json names no category tree");
    assertThatThrownBy(() -> open("span", SPARSE, null, null, Map.of("c1", 500)))
        .hasMessageEndingWith("_ranking.json: fallbacks ranks category c1 over 500 hours, which is not one of the"
            + " policy's fallback_hours [336, 720]");
    assertThatThrownBy(() -> open("half", noFallbackHours, null, null, Map.of()))
        .hasMessageContaining("min_products without fallback_hours");
    assertThatThrownBy(() -> open("metric", clicks, null, null, Map.of()))
        .hasMessageEndingWith("_ranking.json: the metric must be units or orders, not clicks");
  }
}
