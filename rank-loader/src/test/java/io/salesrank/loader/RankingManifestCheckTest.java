package io.salesrank.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesrank.mr.SalesRankException;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** Manifests RankingDirectoryFuzzTest found getting past {@link RankingDirectory#checkManifest}. */
class RankingManifestCheckTest {

  private static final Path DIR = new Path("/r");
  private static final String HEAD = "{\"format_version\":1,\"hour\":\"2026-11-22T00\",\"as_of\":\"2026-11-22T01:00:00Z\","
      + "\"computed_at\":\"2026-11-23T00:00:01Z\",\"top\":10,\"rows\":0,\"categories\":0,";
  private static final String COUNTS = "\"counts\":{\"lines_read\":1,\"header_lines\":0,\"empty_lines\":0,"
      + "\"malformed\":0,\"outside_window\":0,\"counted\":1},";

  @Test
  void aManifestWithoutCountsIsRefusedNotANullPointerMidPublish() {
    assertThatThrownBy(() -> RankingDirectory.checkManifest(DIR,
        HEAD + "\"policy\":{\"kind\":\"window\",\"window_hours\":168}}"))
        .isInstanceOf(SalesRankException.class).hasMessageContaining("counts");
  }

  @Test
  void aPolicyOfNoKnownKindIsRefused() {
    assertThatThrownBy(() -> RankingDirectory.checkManifest(DIR, HEAD + COUNTS + "\"policy\":{\"window_hours\":168}}"))
        .isInstanceOf(SalesRankException.class).hasMessageContaining("window, decay or trend, not null");
  }

  @Test
  void aBadMetricIsShownEscapedAndCutOnOneLine() {
    String metric = "x\\n" + "y".repeat(500);
    assertThatThrownBy(() -> RankingDirectory.checkManifest(DIR,
        HEAD + COUNTS + "\"policy\":{\"kind\":\"window\",\"window_hours\":168,\"metric\":\"" + metric + "\"}}"))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("not 'x\\u000ayyy")
        .hasMessageContaining("(502 characters)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void jacksonsQuoteOfABadTokenIsEscaped() {
    // Found by bench/bench.sh fuzz: "Unrecognized token 'n<NUL>ull'" put a NUL into the one-line error.
    assertThatThrownBy(() -> RankingDirectory.checkManifest(DIR, HEAD + "\"counts\":n\u0000ull}"))
        .isInstanceOf(SalesRankException.class)
        .hasMessageContaining("'n\\u0000ull'")
        .satisfies(e -> assertThat(e.getMessage()).matches("[ -~]*"));
  }

  @Test
  void aTrendNeedsItsHoursAndMinimum() {
    assertThatThrownBy(() -> RankingDirectory.checkManifest(DIR,
        HEAD + COUNTS + "\"policy\":{\"kind\":\"trend\",\"window_hours\":168}}"))
        .isInstanceOf(SalesRankException.class).hasMessageContaining("nor a trend's trend_hours and min_units");
    assertThat(RankingDirectory.checkManifest(DIR,
        HEAD + COUNTS + "\"policy\":{\"kind\":\"trend\",\"trend_hours\":24,\"min_units\":5}}").policy().minUnits())
        .isEqualTo(5L);
  }

  @Test
  void aValidManifestPasses() {
    assertThat(RankingDirectory.checkManifest(DIR,
        HEAD + COUNTS + "\"policy\":{\"kind\":\"window\",\"window_hours\":168}}").top()).isEqualTo(10);
  }
}
