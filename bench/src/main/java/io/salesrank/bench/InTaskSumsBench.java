package io.salesrank.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.salesrank.mr.sum.InTaskSums;
import io.salesrank.mr.sum.ScoreSum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Step 1's in-task table on one thread, as a map task of the benchmark week fills it: each line adds
 * to {@code category TAB product} and {@code * TAB product}, products drawn Zipf-skewed (exponent 1.07,
 * as {@code generate}) from 200,000 in 1,000 categories, so about 400,000 keys in a table sized for the
 * default 500,000. {@code queue} is how many adds are made together (1: each at once, the table before
 * its adds were queued). Score = lines per second per core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class InTaskSumsBench {

  private static final int LINES = 1 << 20;
  private static final int BATCH = 1 << 12;
  private static final int PRODUCTS = 200_000;
  private static final int CATEGORIES = 1_000;

  @Param({"1", "32"})
  public int queue;

  private byte[][] categoryKeys;
  private byte[][] overallKeys;
  private InTaskSums<ScoreSum> sums;
  private InTaskSums.Sink<ScoreSum> spill;
  private final ScoreSum value = new ScoreSum();
  private int next;

  @Setup
  public void setUp(Blackhole blackhole) {
    double[] cdf = new double[PRODUCTS];
    double total = 0;
    for (int i = 0; i < PRODUCTS; i++) {
      total += 1 / Math.pow(i + 1, 1.07);
      cdf[i] = total;
    }
    SplittableRandom random = new SplittableRandom(7);
    // A product's category is fixed, and product ids are not in rank order.
    int[] category = new int[PRODUCTS];
    int[] id = new int[PRODUCTS];
    for (int i = 0; i < PRODUCTS; i++) {
      category[i] = random.nextInt(CATEGORIES);
      id[i] = i;
    }
    for (int i = PRODUCTS - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = id[i];
      id[i] = id[j];
      id[j] = t;
    }
    categoryKeys = new byte[LINES][];
    overallKeys = new byte[LINES][];
    for (int i = 0; i < LINES; i++) {
      int at = java.util.Arrays.binarySearch(cdf, random.nextDouble() * total);
      int p = at >= 0 ? at : Math.min(PRODUCTS - 1, -at - 1);
      categoryKeys[i] = ("c" + category[p] + "\tp" + id[p]).getBytes(StandardCharsets.US_ASCII);
      overallKeys[i] = ("*\tp" + id[p]).getBytes(StandardCharsets.US_ASCII);
    }
    sums = new InTaskSums<>(500_000, new ScoreSum(), queue);
    spill = (key, sum) -> blackhole.consume(key);
    value.set(1, 1, ScoreSum.ONE);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void addLines() throws Exception {
    int n = next;
    for (int i = 0; i < BATCH; i++) {
      byte[] c = categoryKeys[n];
      byte[] o = overallKeys[n];
      sums.add(c, c.length, value, spill);
      sums.add(o, o.length, value, spill);
      n = (n + 1) & (LINES - 1);
    }
    next = n;
  }
}
