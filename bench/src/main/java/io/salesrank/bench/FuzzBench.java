package io.salesrank.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import io.salesrank.loader.RankingLinesFuzz;
import io.salesrank.loader.RankingManifestFuzz;
import io.salesrank.mr.fuzz.CategoryTreeFuzz;
import io.salesrank.mr.fuzz.FuzzTarget;
import io.salesrank.mr.fuzz.SalesLineFuzz;
import io.salesrank.mr.state.FileIndexFuzz;
import io.salesrank.mr.state.StateManifestFuzz;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;

/**
 * {@code bench/bench.sh fuzz [N]}: N inputs (default 10,000,000) for each parser of outside input, drawn
 * from the same jqwik arbitraries and checked against the same properties as the {@code *FuzzTest}
 * properties of mr-jobs and rank-loader (which run a few thousand in the suite). Prints per target the
 * inputs, seconds, inputs/s and crashes (property failures, exceptions included); the first few
 * crashing inputs are minimized with jqwik's shrinking and printed escaped, customer, seller and buyer
 * ids masked. Exits 1 if any input crashed.
 */
public final class FuzzBench {

  private static final int SHOWN = 3;
  private static final Pattern SECRET = Pattern.compile("(CUST|SELL|BUY)-[A-Za-z0-9]*");

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 10_000_000L;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
    List<FuzzTarget<?>> targets = List.of(new SalesLineFuzz(), new CategoryTreeFuzz(), new StateManifestFuzz(),
        new FileIndexFuzz(), new RankingLinesFuzz(), new RankingManifestFuzz());
    System.out.printf(Locale.ROOT, "fuzz: %,d inputs per target, seed %d%n", n, seed);
    System.out.printf(Locale.ROOT, "%-18s %14s %9s %12s %8s%n", "target", "inputs", "seconds", "inputs/s", "crashes");
    long totalCrashes = 0;
    JqwikSession.start();
    try {
      for (FuzzTarget<?> target : targets) {
        totalCrashes += run(target, n, new Random(seed));
      }
    } finally {
      JqwikSession.finish();
    }
    System.out.println(totalCrashes == 0 ? "fuzz: no crash" : "fuzz: " + totalCrashes + " crashes");
    System.exit(totalCrashes == 0 ? 0 : 1);
  }

  private static <T> long run(FuzzTarget<T> target, long n, Random random) {
    RandomGenerator<T> generator = target.inputs().generator(1000, true);
    List<String> shown = new ArrayList<>();
    long crashes = 0;
    long start = System.nanoTime();
    for (long i = 0; i < n; i++) {
      Shrinkable<T> input = generator.next(random);
      T value;
      try {
        value = input.value();
      } catch (RuntimeException e) {
        crashes++;
        if (shown.size() < SHOWN) {
          shown.add("the generator failed: " + mask(String.valueOf(e)));
        }
        continue;
      }
      Throwable failure = failure(target, value);
      if (failure != null) {
        crashes++;
        if (shown.size() < SHOWN) {
          Shrinkable<T> smallest = minimize(target, input);
          Throwable why = failure(target, smallest.value());
          shown.add(mask(target.show(smallest.value())) + "\n      " + mask(String.valueOf(why)));
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%-18s %,14d %9.1f %,12.0f %8d%n", target.name(), n, seconds, n / seconds, crashes);
    for (String s : shown) {
      System.out.println("    crash: " + s);
    }
    return crashes;
  }

  private static <T> Throwable failure(FuzzTarget<T> target, T value) {
    try {
      target.check(value);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** Greedy shrinking: the first smaller candidate that still fails, until none does. */
  private static <T> Shrinkable<T> minimize(FuzzTarget<T> target, Shrinkable<T> failing) {
    Shrinkable<T> current = failing;
    for (int step = 0; step < 500; step++) {
      Optional<Shrinkable<T>> smaller = current.shrink().limit(1000)
          .filter(s -> failure(target, s.value()) != null).findFirst();
      if (smaller.isEmpty()) {
        break;
      }
      current = smaller.get();
    }
    return current;
  }

  /** No customer, seller or buyer id is ever printed, even one a mutation cut short. */
  private static String mask(String text) {
    return SECRET.matcher(text).replaceAll("$1-<id>");
  }
}
