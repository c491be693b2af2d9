package io.salesrank.mr.fuzz;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Runs fuzz targets outside the test engine, for {@code bench/bench.sh fuzz}: N inputs each, drawn from
 * the targets' own arbitraries and checked against their own properties. Prints per target the inputs,
 * seconds, inputs/s and crashes (property failures, exceptions included); the first few crashing inputs
 * are minimized with jqwik's shrinking and printed escaped, customer, seller and buyer ids masked.
 */
public final class FuzzRunner {

  private static final int SHOWN = 3;
  private static final long SESSION_INPUTS = 100_000;
  private static final Pattern SECRET = Pattern.compile("(CUST|SELL|BUY)-[A-Za-z0-9]*");

  /**
   * {@code args}: [N (default 10,000,000)] [seed (default: the clock)] [target names (default: all)].
   * Returns the exit status: 0 when no input crashed, else 1; 2 when a name matches no target.
   */
  public static int main(List<FuzzTarget<?>> all, String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 10_000_000L;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
    List<FuzzTarget<?>> targets = all;
    if (args.length > 2) {
      List<String> names = List.of(args).subList(2, args.length);
      targets = all.stream().filter(t -> names.contains(t.name())).toList();
      if (targets.size() != names.size()) {
        System.err.println("fuzz: unknown target among " + names + "; the targets: "
            + all.stream().map(FuzzTarget::name).toList());
        return 2;
      }
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "fuzz: %,d inputs per target, seed %d%n", n, seed);
    out.printf(Locale.ROOT, "%-18s %14s %9s %12s %8s%n", "target", "inputs", "seconds", "inputs/s", "crashes");
    long totalCrashes = 0;
    JqwikSession.start();
    try {
      for (FuzzTarget<?> target : targets) {
        totalCrashes += run(target, n, new Random(seed));
      }
    } finally {
      JqwikSession.finish();
    }
    out.println(totalCrashes == 0 ? "fuzz: no crash" : "fuzz: " + totalCrashes + " crashes");
    return totalCrashes == 0 ? 0 : 1;
  }

  private static <T> long run(FuzzTarget<T> target, long n, Random random) {
    RandomGenerator<T> generator = null;
    List<String> shown = new ArrayList<>();
    long crashes = 0;
    long start = System.nanoTime();
    for (long i = 0; i < n; i++) {
      if (i % SESSION_INPUTS == 0) {
        // jqwik memoizes the generators of flat-mapped arbitraries for the session's life: a new
        // session now and then keeps millions of inputs from filling the heap with them.
        JqwikSession.finish();
        JqwikSession.start();
        generator = target.inputs().generator(1000, true);
      }
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

  private FuzzRunner() {
  }
}
