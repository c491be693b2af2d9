package io.salesrank.mr.fuzz;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link SalesLineFuzz} as a property; bench/bench.sh fuzz draws millions from the same inputs. */
class SalesLineFuzzTest {

  private final SalesLineFuzz target = new SalesLineFuzz();

  @Property(tries = 3000)
  void everyLineIsOneThingAndTheReferencesThing(@ForAll("lines") SalesLineFuzz.Case line) {
    target.check(line);
  }

  @Property(tries = 500)
  void validLinesParseToTheirValues(@ForAll("valid") SalesLineFuzz.Case line) {
    target.check(line);
  }

  @Provide
  Arbitrary<SalesLineFuzz.Case> lines() {
    return target.inputs();
  }

  @Provide
  Arbitrary<SalesLineFuzz.Case> valid() {
    return SalesLineFuzz.validLines().map(SalesLineFuzz::render);
  }
}
