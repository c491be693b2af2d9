package io.salesrank.mr.archfixture.high;

import io.salesrank.mr.archfixture.low.Low;

/** The other half of the deliberate package cycle. */
public final class High {
  public Low down() {
    return new Low();
  }
}
