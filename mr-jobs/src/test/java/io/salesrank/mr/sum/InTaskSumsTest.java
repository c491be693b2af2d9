package io.salesrank.mr.sum;

import static io.salesrank.mr.sum.Sums.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.junit.jupiter.api.Test;

class InTaskSumsTest {


  /** Drains into "key=units/score" strings. */
  private static Map<String, ScoreSum> drain(InTaskSums<ScoreSum> sums, Map<String, ScoreSum> into) throws Exception {
    sums.drain((key, sum) -> into.merge(key.toString(), copy(sum), (a, b) -> {
      a.add(b);
      return a;
    }));
    return into;
  }

  private static ScoreSum copy(ScoreSum s) {
    ScoreSum c = new ScoreSum();
    c.add(s);
    return c;
  }

  @Test
  void sumsLikeAHashMapThroughManyKeysAndFlushes() throws Exception {
    Random random = new Random(42);
    Map<String, ScoreSum> expected = new HashMap<>();
    Map<String, ScoreSum> drained = new HashMap<>();
    InTaskSums<ScoreSum> sums = new InTaskSums<>(1_000, new ScoreSum());
    AtomicInteger spills = new AtomicInteger();
    InTaskSums.Sink<ScoreSum> spill = (key, sum) -> {
      spills.incrementAndGet();
      drained.merge(key.toString(), copy(sum), (a, b) -> {
        a.add(b);
        return a;
      });
    };
    for (int i = 0; i < 200_000; i++) {
      // Keys of varied length, many repeated, some sharing every byte but the last.
      String key = "c" + random.nextInt(50) + "\tp" + random.nextInt(5_000) + (i % 7 == 0 ? "x" : "");
      ScoreSum value = sum(random.nextInt(21) - 5, random.nextDouble());
      expected.merge(key, copy(value), (a, b) -> {
        a.add(b);
        return a;
      });
      byte[] bytes = (key + "garbage after the key").getBytes(StandardCharsets.UTF_8);
      sums.add(bytes, key.length(), value, spill);
      assertThat(sums.size()).isLessThanOrEqualTo(1_000);
    }
    drain(sums, drained);
    assertThat(spills.get()).as("keys spilled by a full table").isGreaterThan(10 * 1_000);
    assertThat(drained).isEqualTo(expected);
  }

  @Test
  void keysHeldInTheirSlotAndKeysInTheArenaSumAlike() throws Exception {
    // Lengths 1 to 40: in the slot up to 16 bytes, in the arena above; keys alike but for length or
    // their last byte, zero bytes included.
    Random random = new Random(7);
    Map<String, ScoreSum> expected = new HashMap<>();
    Map<String, ScoreSum> drained = new HashMap<>();
    InTaskSums<ScoreSum> sums = new InTaskSums<>(300, new ScoreSum());
    for (int i = 0; i < 100_000; i++) {
      int length = 1 + random.nextInt(40);
      StringBuilder k = new StringBuilder();
      for (int c = 0; c < length; c++) {
        k.append(random.nextInt(8) == 0 ? '\0' : (char) ('a' + random.nextInt(2)));
      }
      String key = k.toString();
      ScoreSum value = sum(1 + random.nextInt(3), 1);
      expected.merge(key, copy(value), (a, b) -> {
        a.add(b);
        return a;
      });
      byte[] bytes = key.getBytes(StandardCharsets.ISO_8859_1);
      sums.add(bytes, bytes.length, value, (spilled, sum) -> drained.merge(spilled.toString(), copy(sum), (a, b) -> {
        a.add(b);
        return a;
      }));
    }
    drain(sums, drained);
    Map<String, ScoreSum> latin = new HashMap<>();
    drained.forEach((k, v) -> latin.put(new String(k.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), v));
    assertThat(latin).isEqualTo(expected);
  }

  @Test
  void aFullTableSpillsOnlyForANewKey() throws Exception {
    InTaskSums<ScoreSum> sums = new InTaskSums<>(2, new ScoreSum());
    byte[] a = "a".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "bb".getBytes(StandardCharsets.US_ASCII);
    List<String> spilled = new ArrayList<>();
    InTaskSums.Sink<ScoreSum> spill = (key, sum) -> spilled.add(key + "=" + sum.units());
    sums.add(a, 1, sum(1, 1), spill);
    sums.add(b, 2, sum(2, 1), spill);
    sums.add(a, 1, sum(8, 1), spill);
    sums.add("c".getBytes(StandardCharsets.US_ASCII), 1, sum(4, 1), spill);
    sums.add(a, 1, sum(16, 1), spill);
    List<String> out = new ArrayList<>();
    sums.drain((key, sum) -> out.add(key + "=" + sum.units()));
    // The adds were still queued: the drain makes them, its sink taking what a full table spills.
    assertThat(spilled).isEmpty();
    assertThat(out).containsExactly("a=9", "bb=2", "c=4", "a=16");
  }

  @Test
  void drainingMakesTheAddsStillQueued() throws Exception {
    // Fewer adds than a queue holds, then more than one queue, with a key repeated across queues.
    for (int adds : new int[] {1, InTaskSums.QUEUE - 1, InTaskSums.QUEUE, 3 * InTaskSums.QUEUE + 5}) {
      InTaskSums<ScoreSum> sums = new InTaskSums<>(1_000, new ScoreSum());
      Map<String, Long> out = new HashMap<>();
      Map<String, Long> expected = new HashMap<>();
      InTaskSums.Sink<ScoreSum> collect = (key, sum) -> out.merge(key.toString(), sum.units(), Long::sum);
      for (int i = 0; i < adds; i++) {
        String key = "k" + (i % 10) + (i % 3 == 0 ? "-a-key-longer-than-sixteen-bytes" : "");
        expected.merge(key, (long) i + 1, Long::sum);
        sums.add(key.getBytes(StandardCharsets.US_ASCII), key.length(), sum(i + 1, 1), collect);
      }
      assertThat(out).as("nothing spilled below the table's size").isEmpty();
      sums.drain(collect);
      assertThat(out).as("%d adds", adds).isEqualTo(expected);
    }
  }

  @Test
  void growsFromASmallTableKeepingEverySumAndTheKeysOrder() throws Exception {
    // Many times the first table's keys, short keys and keys in the arena: the table doubles several
    // times and spills nothing below its most keys; the drain gives the keys in the order they came.
    Random random = new Random(3);
    Map<String, Long> expected = new java.util.LinkedHashMap<>();
    InTaskSums<ScoreSum> sums = new InTaskSums<>(200_000, new ScoreSum());
    InTaskSums.Sink<ScoreSum> noSpill = (key, sum) -> {
      throw new AssertionError("spilled " + key);
    };
    for (int i = 0; i < 600_000; i++) {
      int k = random.nextInt(150_000);
      String key = "c" + (k % 997) + "\tp" + k + (k % 5 == 0 ? "-with-a-long-suffix" : "");
      int units = 1 + random.nextInt(9);
      expected.merge(key, (long) units, Long::sum);
      byte[] bytes = key.getBytes(StandardCharsets.US_ASCII);
      sums.add(bytes, bytes.length, sum(units, 1), noSpill);
    }
    List<String> keys = new ArrayList<>();
    Map<String, Long> drained = new HashMap<>();
    sums.drain((key, sum) -> {
      keys.add(key.toString());
      drained.put(key.toString(), sum.units());
    });
    assertThat(drained).isEqualTo(expected);
    assertThat(keys).containsExactlyElementsOf(expected.keySet());
  }

  @Test
  void refusesANonsensicalSize() {
    assertThatThrownBy(() -> new InTaskSums<>(0, new ScoreSum())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void drainsOrderedByPartitionThenKeyBytesGreatestFirst() throws Exception {
    Random random = new Random(20261204);
    InTaskSums<ScoreSum> sums = new InTaskSums<>(100_000, new ScoreSum());
    Map<String, Long> expected = new HashMap<>();
    String[] stems = {"c1\tp", "c12\tp", "c1\tp\u00e9", "electronics-and-more-things\tp", "\u0000\tq", "\u00ff\u00fe"};
    for (int i = 0; i < 50_000; i++) {
      // Short and long keys (longer than a slot's 16 bytes), sharing prefixes, with bytes above 0x7F.
      String key = stems[random.nextInt(stems.length)] + random.nextInt(3_000)
          + (random.nextInt(5) == 0 ? "-variant-with-a-long-name-" + random.nextInt(3) : "");
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      sums.add(bytes, bytes.length, sum(1, 1.0), (k, v) -> {
        throw new AssertionError("no spill expected");
      });
      expected.merge(key, 1L, Long::sum);
    }
    List<byte[]> keys = new ArrayList<>();
    Map<String, Long> drained = new HashMap<>();
    InTaskSums.drainOrdered((key, sum) -> {
      keys.add(Arrays.copyOf(key.getBytes(), key.getLength()));
      drained.put(key.toString(), sum.units());
    }, (key, sum) -> Math.floorMod(key.hashCode(), 3), List.of(sums));
    assertThat(drained).isEqualTo(expected);
    assertThat(sums.size()).isZero();
    // The reference order: Hadoop's own byte comparison (Text's comparator), under the partition.
    List<byte[]> reference = new ArrayList<>(keys);
    Comparator<byte[]> order = Comparator.<byte[]>comparingInt(k -> Math.floorMod(new Text(k).hashCode(), 3))
        .thenComparing((a, b) -> WritableComparator.compareBytes(a, 0, a.length, b, 0, b.length));
    reference.sort(order.reversed());
    assertThat(keys).usingElementComparator(Arrays::compare).containsExactlyElementsOf(reference);
  }

  @Test
  void drainsSeveralTablesInOneOrderAndVisitsWithoutEmptying() throws Exception {
    Random random = new Random(4);
    List<InTaskSums<ScoreSum>> tables = List.of(new InTaskSums<>(100_000, new ScoreSum()),
        new InTaskSums<>(100_000, new ScoreSum()), new InTaskSums<>(100_000, new ScoreSum()));
    Map<String, Long> expected = new HashMap<>();
    InTaskSums.Sink<ScoreSum> noSpill = (k, v) -> {
      throw new AssertionError("no spill expected");
    };
    for (int i = 0; i < 30_000; i++) {
      // Tables 0 and 2 share keys: such a key is handed over once from each.
      int t = random.nextInt(3);
      String key = (t == 1 ? "*\tp" : "c" + random.nextInt(40) + "\tp") + random.nextInt(2_000)
          + (random.nextInt(7) == 0 ? "-a-variant-with-a-long-name" : "");
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      tables.get(t).add(bytes, bytes.length, sum(2, 1.0), noSpill);
      expected.merge(key, 2L, Long::sum);
    }
    Map<String, Long> visited = new HashMap<>();
    for (InTaskSums<ScoreSum> table : tables) {
      table.forEach(noSpill, (key, sum) -> visited.merge(key.toString(), sum.units(), Long::sum));
    }
    assertThat(visited).isEqualTo(expected);
    assertThat(tables.get(0).size() + tables.get(1).size() + tables.get(2).size()).isPositive();

    List<byte[]> keys = new ArrayList<>();
    Map<String, Long> drained = new HashMap<>();
    InTaskSums.drainOrdered((key, sum) -> {
      keys.add(Arrays.copyOf(key.getBytes(), key.getLength()));
      drained.merge(key.toString(), sum.units(), Long::sum);
    }, (key, sum) -> Math.floorMod(key.hashCode(), 2), tables);
    assertThat(drained).isEqualTo(expected);
    assertThat(tables).allSatisfy(t -> assertThat(t.size()).isZero());
    List<byte[]> reference = new ArrayList<>(keys);
    Comparator<byte[]> order = Comparator.<byte[]>comparingInt(k -> Math.floorMod(new Text(k).hashCode(), 2))
        .thenComparing((a, b) -> WritableComparator.compareBytes(a, 0, a.length, b, 0, b.length));
    reference.sort(order.reversed());
    assertThat(keys).usingElementComparator(Arrays::compare).containsExactlyElementsOf(reference);
    assertThat(keys.size()).isGreaterThan(expected.size());
  }
}
