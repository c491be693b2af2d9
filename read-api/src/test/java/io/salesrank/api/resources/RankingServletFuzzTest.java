package io.salesrank.api.resources;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link RankingServletFuzz}'s properties on a few thousand generated requests. */
class RankingServletFuzzTest {

  private static final RankingServletFuzz TARGET = new RankingServletFuzz();

  @Provide
  Arbitrary<RankingServletFuzz.Request> requests() {
    return TARGET.inputs();
  }

  @Property(tries = 2000)
  void everyRequestGetsAContractStatusAndAJsonBody(@ForAll("requests") RankingServletFuzz.Request r) throws Exception {
    TARGET.check(r);
  }
}
