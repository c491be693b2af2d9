package io.salesrank.mr.fuzz;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link CategoryTreeFuzz} as a property; bench/bench.sh fuzz draws millions from the same inputs. */
class CategoryTreeFuzzTest {

  private final CategoryTreeFuzz target = new CategoryTreeFuzz();

  @Property(tries = 2000)
  void refusesExactlyTheFilesThatBreakARuleAndReadsTheOthersFaithfully(@ForAll("files") String file)
      throws Exception {
    target.check(file);
  }

  @Provide
  Arbitrary<String> files() {
    return target.inputs();
  }
}
