package io.salesrank.api.resources;

import java.util.List;

import io.salesrank.mr.fuzz.FuzzRunner;

/**
 * {@code bench/bench.sh fuzz}'s read-API target, on read-api's test class path (Dropwizard's, which the
 * bench module's Hadoop class path cannot hold): {@link RankingServletFuzz} by {@link FuzzRunner}.
 */
public final class ApiFuzzBench {

  public static void main(String[] args) {
    System.exit(FuzzRunner.main(List.of(new RankingServletFuzz()), args));
  }

  private ApiFuzzBench() {
  }
}
