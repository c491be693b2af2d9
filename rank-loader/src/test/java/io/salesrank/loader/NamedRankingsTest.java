package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

import io.salesrank.mr.SalesRankException;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Named rankings (docs/publishing.md): each name's current ranking, replacement, guard and retention are its own. */
class NamedRankingsTest {

  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.migrated();
  @TempDir
  Path dir;

  private RankingPublisher.Result publish(String name, String hour, int categories, long top, int keepHours)
      throws IOException {
    Path ranking = RankingDirs.named(RankingDirs.write(dir.resolve(name + "-" + hour + "-" + categories), hour, 100,
        RankingDirs.rows(categories, 3, r -> top - r)), name);
    return new RankingPublisher(pg.dataSource(), new PublishSettings(keepHours, 0.2, false))
        .publish(RankingDirectory.open(new Configuration(), new org.apache.hadoop.fs.Path(ranking.toUri())));
  }

  private RankingPublisher.Result publish(String name, String hour, int categories, long top) throws IOException {
    return publish(name, hour, categories, top, 168);
  }

  private List<String> column(String sql) throws SQLException {
    return pg.query(sql).stream().map(r -> String.join(" ", r)).toList();
  }

  /** Each name's current run, {@code name run_id}, by name. */
  private List<String> currentRuns() throws SQLException {
    return column("SELECT ranking_name || ' ' || run_id FROM current_ranking ORDER BY 1");
  }

  @Test
  void eachNameHasItsOwnCurrentRankingAndAPublishOfOneNeverMovesAnother() throws Exception {
    RankingPublisher.Result week = publish("default", "2026-11-22T13", 2, 100);
    RankingPublisher.Result eu = publish("storefront-eu", "2026-11-22T12", 1, 50);
    assertThat(week.current()).isTrue();
    assertThat(eu.current()).as("the first of its name, though older than default's").isTrue();
    assertThat(eu.name()).isEqualTo("storefront-eu");
    assertThat(currentRuns()).containsExactly("default " + week.runId(), "storefront-eu " + eu.runId());
    assertThat(column("SELECT DISTINCT ranking_name || ' ' || total_sold FROM named_rank_current"
        + " WHERE rank = 1 ORDER BY 1")).containsExactly("default 99", "storefront-eu 49");
    assertThat(column("SELECT DISTINCT total_sold FROM sales_rank_current WHERE rank = 1")).containsExactly("99");

    // A newer run of one name moves its pointer alone; an older one of the other joins its history only.
    RankingPublisher.Result euNewer = publish("storefront-eu", "2026-11-22T14", 1, 60);
    RankingPublisher.Result weekOlder = publish("default", "2026-11-22T11", 2, 80);
    assertThat(euNewer.current()).isTrue();
    assertThat(weekOlder.current()).isFalse();
    assertThat(weekOlder.currentAsOf()).hasToString("2026-11-22T14:00:00Z");
    assertThat(currentRuns()).containsExactly("default " + week.runId(), "storefront-eu " + euNewer.runId());
    assertThat(column("SELECT ranking_name || ' ' || count(DISTINCT as_of) FROM named_rank_history"
        + " GROUP BY ranking_name ORDER BY ranking_name")).containsExactly("default 2", "storefront-eu 2");
    assertThat(column("SELECT count(DISTINCT as_of) FROM sales_rank_history")).containsExactly("2");
  }

  @Test
  void aRerunReplacesOnlyItsOwnNamesRunAndTheGuardComparesWithinAName() throws Exception {
    publish("default", "2026-11-22T13", 5, 100);
    RankingPublisher.Result hot = publish("hot", "2026-11-22T13", 1, 100);
    assertThat(hot.replacedRuns()).as("the same end and options, another name").isZero();
    // default's 6 categories do not guard hot's: hot's second run has its own one category and more.
    RankingPublisher.Result again = publish("hot", "2026-11-22T13", 2, 90);
    assertThat(again.replacedRuns()).isEqualTo(1);
    assertThat(column("SELECT ranking_name || ' ' || status FROM ranking_run ORDER BY run_id"))
        .containsExactly("default published", "hot published");
    // ... but default's own guard still holds: a default run with one category of six is refused.
    assertThatThrownBy(() -> publish("default", "2026-11-22T14", 0, 100))
        .isInstanceOf(SalesRankException.class).hasMessageContaining("lacks 5 of the current ranking's 6 categories");
  }

  @Test
  void retentionCountsEachNamesHoursFromItsOwnCurrentRanking() throws Exception {
    // keep 2 hours: default's hours 10 and 11 go once 13 is current; eu's only run, older than all, stays.
    publish("eu", "2026-11-22T05", 1, 10, 2);
    for (String hour : List.of("10", "11", "12", "13")) {
      publish("default", "2026-11-22T" + hour, 1, 10, 2);
    }
    assertThat(column("SELECT ranking_name || ' ' || to_char(hour AT TIME ZONE 'UTC', 'HH24') FROM ranking_run"
        + " ORDER BY run_id")).containsExactly("eu 05", "default 11", "default 12", "default 13");
  }

  @Test
  void aManifestWhoseNameIsOutsideTheAlphabetIsRefused() throws Exception {
    Path ranking = RankingDirs.named(RankingDirs.write(dir.resolve("bad"), "2026-11-22T13", 100,
        RankingDirs.rows(1, 1, r -> 5L)), "Storefront EU");
    assertThatThrownBy(() -> RankingDirectory.open(new Configuration(), new org.apache.hadoop.fs.Path(ranking.toUri())))
        .isInstanceOf(SalesRankException.class).hasMessageContaining("the name must match [a-z0-9_-]{1,32}");
  }
}
