package io.salesrank.mr.archfixture.low;

import io.salesrank.mr.archfixture.high.High;

/** Half of a deliberate package cycle, for {@code ArchitectureTest} to show its rules catch one. */
public final class Low {
  public High up() {
    return new High();
  }
}
