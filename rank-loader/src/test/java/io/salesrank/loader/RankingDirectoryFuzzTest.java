package io.salesrank.loader;

import io.salesrank.mr.fuzz.JsonDocumentFuzz;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link RankingLinesFuzz} and {@link RankingManifestFuzz} as properties; bench/bench.sh fuzz runs millions. */
class RankingDirectoryFuzzTest {

  private final RankingLinesFuzz lines = new RankingLinesFuzz();
  private final RankingManifestFuzz manifest = new RankingManifestFuzz();

  @Property(tries = 2000)
  void rowsAreAcceptedWhenValidElseRefusedInOneLineThatEchoesNoBadField(@ForAll("rankings") RankingLinesFuzz.Case c) {
    lines.check(c);
  }

  @Property(tries = 2000)
  void aManifestIsAcceptedWithAllThePublisherReadsElseRefusedInOneLine(
      @ForAll("manifests") JsonDocumentFuzz.Case c) {
    manifest.check(c);
  }

  @Provide
  Arbitrary<RankingLinesFuzz.Case> rankings() {
    return lines.inputs();
  }

  @Provide
  Arbitrary<JsonDocumentFuzz.Case> manifests() {
    return manifest.inputs();
  }
}
