package io.salesrank.mr.state;

import io.salesrank.mr.fuzz.JsonDocumentFuzz;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link StateManifestFuzz} and {@link FileIndexFuzz} as properties; bench/bench.sh fuzz runs millions. */
class StateFilesFuzzTest {

  private final StateManifestFuzz manifest = new StateManifestFuzz();
  private final FileIndexFuzz index = new FileIndexFuzz();

  @Property(tries = 2000)
  void aDamagedManifestIsAnIOExceptionNeverANullLater(@ForAll("manifests") JsonDocumentFuzz.Case c)
      throws Exception {
    manifest.check(c);
  }

  @Property(tries = 2000)
  void aDamagedFileIndexIsAnIOExceptionNeverABadPathLater(@ForAll("indexes") FileIndexFuzz.Case c)
      throws Exception {
    index.check(c);
  }

  @Provide
  Arbitrary<JsonDocumentFuzz.Case> manifests() {
    return manifest.inputs();
  }

  @Provide
  Arbitrary<FileIndexFuzz.Case> indexes() {
    return index.inputs();
  }
}
