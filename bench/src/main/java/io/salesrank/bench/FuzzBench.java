package io.salesrank.bench;

import java.util.List;

import io.salesrank.loader.RankingLinesFuzz;
import io.salesrank.loader.RankingManifestFuzz;
import io.salesrank.mr.fuzz.CategoryTreeFuzz;
import io.salesrank.mr.fuzz.FuzzRunner;
import io.salesrank.mr.fuzz.SalesLineFuzz;
import io.salesrank.mr.state.FileIndexFuzz;
import io.salesrank.mr.state.StateManifestFuzz;

/**
 * {@code bench/bench.sh fuzz [N] [SEED]}: N inputs (default 10,000,000) for each parser of outside input
 * in mr-jobs and rank-loader, drawn from the same jqwik arbitraries and checked against the same
 * properties as their {@code *FuzzTest} properties (a few thousand in the suite), by {@link FuzzRunner}.
 * The read API's target runs in a JVM of its own (Dropwizard's class path), {@code ApiFuzzBench}.
 * Exits 1 if any input crashed.
 */
public final class FuzzBench {

  public static void main(String[] args) {
    System.exit(FuzzRunner.main(List.of(new SalesLineFuzz(), new CategoryTreeFuzz(), new StateManifestFuzz(),
        new FileIndexFuzz(), new RankingLinesFuzz(), new RankingManifestFuzz()), args));
  }

  private FuzzBench() {
  }
}
