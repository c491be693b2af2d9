package io.salesrank.mr.sum;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Text;

/**
 * In-mapper sums by key bytes, in flat arrays: {@link ScoreSum}s in step 1, {@code StateSum}s in the
 * incremental step. A lookup touches a
 * slot (hash and entry in one long), the entry (key position, units and score in four longs) and
 * the key's bytes in one arena: three cache lines where a {@code HashMap<Text, ScoreSum>} touches
 * five objects, which made that map the top of step 1's profile. Open addressing, linear probing,
 * at most half full; nothing is allocated per key.
 */
public final class InTaskSums<V extends InTaskSums.Slotted> {

  /** A sum kept as {@link #width()} longs of an array. */
  public interface Slotted {
    /** How many longs the sum takes. */
    int width();

    /** Adds this into {@code a[i, i + width)}. */
    void addTo(long[] a, int i);

    /** Sets this from {@code a[i, i + width)} as {@link #addTo} leaves them. */
    void setFrom(long[] a, int i);
  }

  /** Receives each key and its sum; both are reused between calls. */
  @FunctionalInterface
  public interface Sink<V> {
    void accept(Text key, V sum) throws IOException, InterruptedException;
  }

  private final int entry;  // key start << 32 | key length, then the sum's longs
  private final int maxKeys;
  private final int mask;
  private final long[] slots;
  private final long[] entries;
  private byte[] arena = new byte[1 << 20];
  private int arenaUsed;
  private int size;
  private final Text key = new Text();
  private final V sum;

  /** A table of at most {@code maxKeys} keys; {@code scratch} is the value {@link #drain} hands out. */
  public InTaskSums(int maxKeys, V scratch) {
    if (maxKeys < 1 || maxKeys > (1 << 26)) {
      throw new IllegalArgumentException("max keys must be in [1, 2^26]: " + maxKeys);
    }
    this.maxKeys = maxKeys;
    int capacity = Integer.highestOneBit(maxKeys) << 2;  // load factor at most 1/2
    this.mask = capacity - 1;
    this.slots = new long[capacity];
    this.sum = scratch;
    this.entry = 1 + scratch.width();
    this.entries = new long[maxKeys * entry];
  }

  public int size() {
    return size;
  }

  /**
   * Adds {@code value} to the sum of {@code bytes[0, length)}. Returns false, adding nothing, when
   * the key is new and the table holds {@code maxKeys} keys already: drain it, then add again.
   */
  public boolean add(byte[] bytes, int length, V value) {
    int hash = hash(bytes, length);
    int slot = hash & mask;
    while (true) {
      long s = slots[slot];
      if (s == 0) {
        break;
      }
      if ((int) (s >>> 32) == hash) {
        int e = ((int) s - 1) * entry;
        long at = entries[e];
        int start = (int) (at >>> 32);
        if ((int) at == length && Arrays.equals(arena, start, start + length, bytes, 0, length)) {
          value.addTo(entries, e + 1);
          return true;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (size == maxKeys) {
      return false;
    }
    if (arenaUsed + length > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    System.arraycopy(bytes, 0, arena, arenaUsed, length);
    int e = size * entry;
    entries[e] = ((long) arenaUsed << 32) | length;
    Arrays.fill(entries, e + 1, e + entry, 0);
    value.addTo(entries, e + 1);
    arenaUsed += length;
    size++;
    slots[slot] = ((long) hash << 32) | size;
    return true;
  }

  /** Hands every key and sum to {@code sink}, in insertion order, and empties the table. */
  public void drain(Sink<? super V> sink) throws IOException, InterruptedException {
    if (size == 0) {
      return;  // nothing to hand on, and the slots are clear already
    }
    for (int i = 0; i < size; i++) {
      int e = i * entry;
      long at = entries[e];
      key.set(arena, (int) (at >>> 32), (int) at);
      sum.setFrom(entries, e + 1);
      sink.accept(key, sum);
    }
    Arrays.fill(slots, 0);
    size = 0;
    arenaUsed = 0;
  }

  private static int hash(byte[] bytes, int length) {
    int h = 1;
    for (int i = 0; i < length; i++) {
      h = 31 * h + bytes[i];
    }
    h *= 0x9E3779B9;  // spread the polynomial hash's low bits, which pick the slot
    return h ^ (h >>> 15);
  }
}
