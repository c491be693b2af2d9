package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.salesrank.mr.SalesRankException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link RankingDirectory#open} accepts of a ranking directory's {@code as_of}. */
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
}
