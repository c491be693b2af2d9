package io.salesrank.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the benchmarks over the generated week share: arguments {@code [ROOT [ROUNDS]]}, the week under
 * {@code bench/data/week} (generated once), an output directory, and {@code bin/salesrank} built before
 * any timed round.
 */
record WeekBench(Path root, int rounds, Path week, Path out) {

  /** Resolves the arguments, generates the week if it is missing, creates {@code out} and builds. */
  static WeekBench prepare(String[] args, String out) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    WeekBench bench = new WeekBench(root, args.length > 1 ? Integer.parseInt(args[1]) : 3,
        root.resolve("bench/data/week"), root.resolve(out));
    Files.createDirectories(bench.out);
    PipelineBench.generate(root, bench.week);
    // bin/salesrank builds what changed on first use: do that now, not inside a timed round.
    PipelineBench.exec(root, List.of("rank", "--help"), bench.out.resolve("build.log"));
    return bench;
  }
}
