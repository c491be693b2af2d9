package io.salesrank.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.salesrank.mr.variants.ProductParents;

/**
 * {@code --product-parent} at 1 million and 5 million variants, in a JVM with a map task's default
 * heap (bench.sh runs it with {@code -Xmx1g}): how long the driver takes to read and check the file
 * and its peak heap, how long a task takes to load the shipped image and the heap the table then
 * holds, and lookups per second on a line's product id bytes (half hits, half misses). Rounds
 * alternate the two sizes; medians are printed.
 */
public final class ParentsBench {

  private static final int[] SIZES = {1_000_000, 5_000_000};

  private record Round(double readSeconds, long readPeakBytes, double loadSeconds, long tableBytes,
      double lookupsPerSecond) {
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path data = root.resolve("bench/data/parents");
    Files.createDirectories(data);
    System.out.printf(Locale.ROOT, "heap limit %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    List<List<Round>> results = new ArrayList<>();
    for (int size : SIZES) {
      generate(data.resolve(size + ".tsv"), size);
      results.add(new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      for (int s = 0; s < SIZES.length; s++) {
        Round r = measure(data, SIZES[s]);
        results.get(s).add(r);
        System.out.printf(Locale.ROOT, "round %d: %,d variants: read %.2f s (peak %d MB), load %.2f s, table %d MB,"
            + " %.1fM lookups/s%n", round + 1, SIZES[s], r.readSeconds(), r.readPeakBytes() >> 20, r.loadSeconds(),
            r.tableBytes() >> 20, r.lookupsPerSecond() / 1e6);
      }
    }
    System.out.println();
    System.out.println("| variants | file MB | read + check s | read peak heap MB | task load s | table heap MB"
        + " | bytes a variant | lookups/s |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int s = 0; s < SIZES.length; s++) {
      List<Round> rs = results.get(s);
      double table = median(rs.stream().mapToDouble(Round::tableBytes).toArray());
      System.out.printf(Locale.ROOT, "| %,d | %.0f | %.2f | %.0f | %.2f | %.0f | %.0f | %.1fM |%n", SIZES[s],
          Files.size(data.resolve(SIZES[s] + ".tsv")) / (double) (1 << 20),
          median(rs.stream().mapToDouble(Round::readSeconds).toArray()),
          median(rs.stream().mapToDouble(Round::readPeakBytes).toArray()) / (1 << 20),
          median(rs.stream().mapToDouble(Round::loadSeconds).toArray()), table / (1 << 20), table / SIZES[s],
          median(rs.stream().mapToDouble(Round::lookupsPerSecond).toArray()) / 1e6);
    }
  }

  /** The {@code i}th variant id: {@code i} scrambled (a bijection of 0..10^10), so ids are unique. */
  private static String variant(long i) {
    return String.format(Locale.ROOT, "sku-%010d", (i * 7_919_000_003L + 12_345) % 10_000_000_000L);
  }

  /** Variants in scrambled order, about four to a parent {@code style-NNNNNNNN}. */
  private static void generate(Path file, int size) throws Exception {
    if (Files.exists(file)) {
      return;
    }
    System.out.printf(Locale.ROOT, "generating %,d variants into %s%n", size, file);
    SplittableRandom random = new SplittableRandom(size);
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.US_ASCII)) {
      out.write("# variant\tparent\n");
      for (int i = 0; i < size; i++) {
        out.write(variant(i));
        out.write(String.format(Locale.ROOT, "\tstyle-%08d\n", random.nextInt(size / 4)));
      }
    }
    Files.move(partial, file);
  }

  private static Round measure(Path data, int size) throws Exception {
    Path file = data.resolve(size + ".tsv");
    Path image = data.resolve(size + ".bin");
    System.gc();
    long before = used();
    resetPeak();
    long t0 = System.nanoTime();
    ProductParents read;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      read = ProductParents.parse(in, file.toString());
    }
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    long readPeak = peak() - before;
    try (OutputStream os = Files.newOutputStream(image);
         DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
      read.writeImage(out);
    }
    read = null;
    System.gc();
    before = used();
    long t1 = System.nanoTime();
    ProductParents loaded;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(image), 1 << 16))) {
      loaded = ProductParents.readImage(in);
    }
    double loadSeconds = (System.nanoTime() - t1) / 1e9;
    System.gc();
    long table = used() - before;
    // Lookups as the mapper makes them: an id inside a line's bytes.
    SplittableRandom random = new SplittableRandom(7);
    byte[][] probes = new byte[1 << 16][];
    for (int i = 0; i < probes.length; i++) {
      // Half listed variants, half products the file does not list.
      String id = variant(i % 2 == 0 ? random.nextInt(size) : size + random.nextInt(size));
      probes[i] = ("2026-11-22T13:05:09Z\t" + id + "\tc1\t1\t9.99\ts\tb").getBytes(StandardCharsets.US_ASCII);
    }
    long hits = 0;
    int n = 20_000_000;
    long t2 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      byte[] line = probes[i & (probes.length - 1)];
      hits += loaded.parentIndex(line, 21, 14) >= 0 ? 1 : 0;
    }
    double lookups = n / ((System.nanoTime() - t2) / 1e9);
    if (hits != n / 2) {
      throw new IllegalStateException(hits + " of " + n + " lookups hit, not half: the probes or the table are wrong");
    }
    return new Round(readSeconds, readPeak, loadSeconds, table, lookups);
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static void resetPeak() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
  }

  /** The heap's peak since {@link #resetPeak}: the sum of the pools' peaks, an upper bound. */
  private static long peak() {
    long sum = 0;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    java.util.Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
