package io.salesrank.bench;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.input.SalesLineParser;
import io.salesrank.mr.rules.RankingPolicy;
import io.salesrank.mr.sum.SaleEmitter;
import org.apache.hadoop.io.Text;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Step 1's mapper path per line, on one thread: parse, window check, weight, and the two keys
 * emitted ({@link SaleEmitter}, exactly what {@code SumMapper} runs). Score = lines per second per
 * core; run with {@code -prof gc} to see the bytes allocated per line.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class ParseBench {

  private static final int LINES = 1 << 16;
  private static final Instant END = Instant.parse("2026-11-22T14:00:00Z");

  /** TSV with ISO timestamps (the benchmark week), or the contract's mixed timestamp notations. */
  @Param({"iso", "mixed"})
  public String timestamps;

  @Param({"window", "decay"})
  public String policy;

  private Text[] lines;
  private SaleEmitter emitter;
  private SaleEmitter.Sink sink;
  private int next;

  @Setup
  public void setUp(Blackhole blackhole) {
    SplittableRandom random = new SplittableRandom(7);
    lines = new Text[LINES];
    for (int i = 0; i < LINES; i++) {
      long millis = END.toEpochMilli() - 1 - random.nextLong(168L * HourLayout.HOUR_MILLIS);
      String ts = switch (timestamps.equals("iso") ? 0 : random.nextInt(4)) {
        case 0 -> Instant.ofEpochSecond(millis / 1000).toString();
        case 1 -> Instant.ofEpochMilli(millis).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        case 2 -> Long.toString(millis / 1000);
        default -> Long.toString(millis);
      };
      lines[i] = new Text(ts + "\tp" + random.nextInt(200_000) + "\tc" + random.nextInt(1000) + "\t"
          + (1 + random.nextInt(5)) + "\t" + random.nextInt(500) + ".99\tseller-" + random.nextInt(50_000)
          + "\tbuyer-" + random.nextInt(10_000_000));
    }
    RankingPolicy p = policy.equals("window") ? RankingPolicy.window(168) : RankingPolicy.decay(24, 168);
    emitter = new SaleEmitter(SalesLineParser.Format.TSV, p, END.toEpochMilli());
    sink = (key, value) -> blackhole.consume(key);
  }

  @Benchmark
  public SaleEmitter.Outcome parseAndEmit() throws Exception {
    return emitter.accept(lines[next++ & (LINES - 1)], sink);
  }
}
