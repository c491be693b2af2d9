package io.salesrank.mr.sum;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntBiFunction;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.IndexedSortable;
import org.apache.hadoop.util.QuickSort;

/**
 * In-mapper sums by key bytes, in one flat array: {@link ScoreSum}s in step 1, {@code StateSum}s in the
 * incremental step. Open addressing, linear probing, at most half full; nothing is allocated per key.
 * Each slot holds, side by side, the key's hash and length, the key itself when it is at most
 * {@link #INLINE_BYTES} bytes long (as every {@code category TAB product} of short ids is), and the
 * sum: a lookup that finds its key touches one slot, one or two cache lines, where keys kept apart
 * from their sums and hashes cost three (the map phase's largest cost, bench/RESULTS.md). A longer key
 * lives in an arena the slot points to. Adds are queued and made {@link #QUEUE} at a time, and the
 * table starts small and doubles as its keys need.
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

  /** Keys up to this long are held in their slot, two longs. */
  static final int INLINE_BYTES = 16;
  /** Adds made together: enough loads in flight to hide most of the memory latency. */
  static final int QUEUE = 32;
  /**
   * Slots to start with; the table doubles when half full, up to what {@code maxKeys} needs. A task
   * with few keys (an hourly run's, step 2's) neither allocates nor clears the full table (58 MB at
   * 500,000 keys of the incremental step's sums).
   */
  static final int INITIAL_CAPACITY = 1 << 13;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Slot layout: meta (hash << 32 | length << 1 | 1), two key longs (or the arena offset), the sum. */
  private final int stride;
  private final int maxKeys;
  private int mask;
  private long[] table;
  /** Each key's slot, in the order the keys came. */
  private int[] order;
  private byte[] arena = new byte[1 << 16];
  private int arenaUsed;
  private int size;
  private final Text key = new Text();
  private final byte[] unpacked = new byte[INLINE_BYTES];
  /** Carries a queued value into the table, and each sum out of it. */
  private final V sum;
  private final int width;
  /** Adds queued, each its meta, key (two longs, or an offset in {@link #queuedBytes}) and value. */
  private int queued;
  private final int queue;
  private final long[] queuedMeta;
  private final long[] queuedKeys;
  private final long[] queuedValues;
  private byte[] queuedBytes;
  private int queuedBytesUsed;
  /** The queued slots' first longs, summed: kept so the loads that warm the cache are not dropped. */
  @SuppressWarnings("unused")
  private long touched;

  /** A table of at most {@code maxKeys} keys; {@code scratch} is the value {@link #drain} hands out. */
  public InTaskSums(int maxKeys, V scratch) {
    this(maxKeys, scratch, QUEUE);
  }

  /** As above, making adds {@code queue} at a time: 1 makes each add at once (a benchmark's baseline). */
  public InTaskSums(int maxKeys, V scratch, int queue) {
    if (maxKeys < 1 || maxKeys > (1 << 26)) {
      throw new IllegalArgumentException("max keys must be in [1, 2^26]: " + maxKeys);
    }
    if (queue < 1 || queue > 1024) {
      throw new IllegalArgumentException("queue must be in [1, 1024]: " + queue);
    }
    this.maxKeys = maxKeys;
    // The most slots the table grows to: at most half of them full at maxKeys keys.
    int maxCapacity = Integer.highestOneBit(maxKeys) << 2;
    int capacity = Math.min(maxCapacity, INITIAL_CAPACITY);
    this.mask = capacity - 1;
    this.sum = scratch;
    this.width = scratch.width();
    this.stride = 3 + width;
    this.queue = queue;
    this.queuedMeta = new long[queue];
    this.queuedKeys = new long[2 * queue];
    this.queuedBytes = new byte[queue * 64];
    this.queuedValues = new long[queue * width];
    this.table = new long[capacity * stride];
    this.order = new int[Math.min(maxKeys, capacity / 2)];
  }

  /** Keys in the table, not counting adds still queued. */
  public int size() {
    return size;
  }

  /**
   * Adds {@code value} to the sum of {@code bytes[0, length)}. The add is queued and made with the
   * next {@link #QUEUE} - 1 others: their slots are loaded together first, so that their cache misses
   * overlap instead of coming one after another (the map phase's largest cost, bench/RESULTS.md).
   * When a new key finds the table holding {@code maxKeys} keys, the table is drained into {@code
   * spill} and the key added to the emptied table.
   */
  public void add(byte[] bytes, int length, V value, Sink<? super V> spill)
      throws IOException, InterruptedException {
    int q = queued;
    int hash;
    if (length <= INLINE_BYTES) {
      long k0 = pack(bytes, 0, Math.min(8, length));
      long k1 = length > 8 ? pack(bytes, 8, length - 8) : 0;
      hash = mix(k0, k1, length);
      queuedKeys[2 * q] = k0;
      queuedKeys[2 * q + 1] = k1;
    } else {
      hash = hash(bytes, length);
      if (queuedBytesUsed + length > queuedBytes.length) {
        queuedBytes = Arrays.copyOf(queuedBytes, Math.max(queuedBytes.length * 2, queuedBytesUsed + length));
      }
      System.arraycopy(bytes, 0, queuedBytes, queuedBytesUsed, length);
      queuedKeys[2 * q] = queuedBytesUsed;
      queuedBytesUsed += length;
    }
    queuedMeta[q] = ((long) hash << 32) | (length << 1) | 1;
    int at = q * width;
    Arrays.fill(queuedValues, at, at + width, 0);
    value.addTo(queuedValues, at);
    queued = q + 1;
    if (queued == queue) {
      settle(spill);
    }
  }

  /** Makes the queued adds: loads each one's slot, then adds each in turn. */
  private void settle(Sink<? super V> spill) throws IOException, InterruptedException {
    long[] t = table;
    long touch = 0;
    for (int q = 0; q < queued; q++) {
      int base = ((int) (queuedMeta[q] >>> 32) & mask) * stride;
      touch += t[base] + t[base + stride - 1];
    }
    touched = touch;
    for (int q = 0; q < queued; q++) {
      while (!addQueued(q)) {
        drainTable(spill);
      }
    }
    queued = 0;
    queuedBytesUsed = 0;
  }

  /** Adds queued add {@code q}; false, adding nothing, when its key is new and the table is full. */
  private boolean addQueued(int q) {
    long meta = queuedMeta[q];
    int length = (int) meta >>> 1;
    boolean inline = length <= INLINE_BYTES;
    long k0 = queuedKeys[2 * q];
    long k1 = queuedKeys[2 * q + 1];
    long[] t = table;
    int slot = (int) (meta >>> 32) & mask;
    while (true) {
      int base = slot * stride;
      long m = t[base];
      if (m == 0) {
        break;
      }
      if (m == meta && (inline ? t[base + 1] == k0 && t[base + 2] == k1 : inArena(t[base + 1], (int) k0, length))) {
        sum.setFrom(queuedValues, q * width);
        sum.addTo(t, base + 3);
        return true;
      }
      slot = (slot + 1) & mask;
    }
    if (size == maxKeys) {
      return false;
    }
    if (size == order.length) {
      grow();
      return addQueued(q);
    }
    int base = slot * stride;
    t[base] = meta;
    if (inline) {
      t[base + 1] = k0;
      t[base + 2] = k1;
    } else {
      if (arenaUsed + length > arena.length) {
        arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
      }
      System.arraycopy(queuedBytes, (int) k0, arena, arenaUsed, length);
      t[base + 1] = arenaUsed;
      arenaUsed += length;
    }
    sum.setFrom(queuedValues, q * width);
    sum.addTo(t, base + 3);
    order[size++] = slot;
    return true;
  }

  /** Doubles the table, placing each key anew in the order the keys came. */
  private void grow() {
    int capacity = (mask + 1) * 2;
    long[] old = table;
    long[] t = new long[capacity * stride];
    int newMask = capacity - 1;
    for (int i = 0; i < size; i++) {
      int from = order[i] * stride;
      int slot = (int) (old[from] >>> 32) & newMask;
      while (t[slot * stride] != 0) {
        slot = (slot + 1) & newMask;
      }
      System.arraycopy(old, from, t, slot * stride, stride);
      order[i] = slot;
    }
    table = t;
    mask = newMask;
    order = Arrays.copyOf(order, Math.min(maxKeys, capacity / 2));
  }

  private boolean inArena(long at, int queuedAt, int length) {
    int start = (int) at;
    return Arrays.equals(arena, start, start + length, queuedBytes, queuedAt, queuedAt + length);
  }

  /** Makes the queued adds, then hands every key and sum to {@code sink} and empties the table. */
  public void drain(Sink<? super V> sink) throws IOException, InterruptedException {
    settle(sink);
    drainTable(sink);
  }

  /**
   * Makes the queued adds (a full table drained into {@code spill}, as {@link #add} does), then hands
   * every key and sum to {@code visitor}, in the order the keys came, and keeps them. {@code visitor}
   * must not add to this table.
   */
  public void forEach(Sink<? super V> spill, Sink<? super V> visitor) throws IOException, InterruptedException {
    settle(spill);
    for (int i = 0; i < size; i++) {
      visit(order[i] * stride, visitor);
    }
  }

  /**
   * Makes the queued adds of each of {@code tables} (up to four), then hands every key and its sum to
   * {@code sink} in descending order of {@code partition} of the key and sum, then of the key's bytes
   * (unsigned, shorter first: {@link Text}'s order), the tables' keys in one order, and empties the
   * tables. Hadoop's map output buffer indexes its records from the last collected to the first, so
   * that its sort then finds them in its own order and, with {@code OrderedFirstSort}, has nothing to
   * do. A key in two tables is handed over twice, its two sums one after the other; keys a full table
   * spilled before are not among them.
   */
  public static <V extends Slotted> void drainOrdered(Sink<? super V> sink,
      ToIntBiFunction<Text, ? super V> partition, List<InTaskSums<V>> tables)
      throws IOException, InterruptedException {
    if (tables.size() > 4) {
      throw new IllegalArgumentException("at most four tables: " + tables.size());
    }
    int n = 0;
    for (InTaskSums<V> t : tables) {
      t.settle(sink);
      n += t.size;
    }
    Ordering o = new Ordering(n, tables);
    int i = 0;
    for (int t = 0; t < tables.size(); t++) {
      InTaskSums<V> sums = tables.get(t);
      long[] table = sums.table;
      for (int k = 0; k < sums.size; k++, i++) {
        int base = sums.order[k] * sums.stride;
        int length = (int) table[base] >>> 1;
        sums.setKey(base, length);
        sums.sum.setFrom(table, base + 3);
        o.partition[i] = partition.applyAsInt(sums.key, sums.sum);
        // The first 16 bytes big-endian, zeros past the key's end: compared unsigned, the bytes' order.
        if (length <= INLINE_BYTES) {
          o.first[i] = Long.reverseBytes(table[base + 1]);
          o.second[i] = Long.reverseBytes(table[base + 2]);
        } else {
          int at = (int) table[base + 1];
          o.first[i] = Long.reverseBytes(pack(sums.arena, at, 8));
          o.second[i] = Long.reverseBytes(pack(sums.arena, at + 8, 8));
        }
        o.length[i] = length;
        o.slot[i] = sums.order[k] << 2 | t;
      }
    }
    if (n > 1) {
      new QuickSort().sort(o, 0, n);  // it refuses an empty range
    }
    for (i = n - 1; i >= 0; i--) {
      InTaskSums<V> sums = tables.get(o.slot[i] & 3);
      sums.emit((o.slot[i] >>> 2) * sums.stride, sink);
    }
    for (InTaskSums<V> t : tables) {
      t.size = 0;
      t.arenaUsed = 0;
    }
  }

  /** The keys of {@link #drainOrdered}, side by side, sorted together: slot {@code << 2 |} table. */
  private static final class Ordering implements IndexedSortable {
    final List<? extends InTaskSums<?>> tables;
    final int[] partition;
    final long[] first;
    final long[] second;
    final int[] length;
    final int[] slot;

    Ordering(int n, List<? extends InTaskSums<?>> tables) {
      this.tables = tables;
      partition = new int[n];
      first = new long[n];
      second = new long[n];
      length = new int[n];
      slot = new int[n];
    }

    @Override
    public int compare(int i, int j) {
      int c = Integer.compare(partition[i], partition[j]);
      if (c == 0) {
        c = Long.compareUnsigned(first[i], first[j]);
      }
      if (c == 0) {
        c = Long.compareUnsigned(second[i], second[j]);
      }
      if (c != 0) {
        return c;
      }
      if (length[i] <= INLINE_BYTES || length[j] <= INLINE_BYTES) {
        return Integer.compare(length[i], length[j]);
      }
      InTaskSums<?> x = tables.get(slot[i] & 3);
      InTaskSums<?> y = tables.get(slot[j] & 3);
      int a = (int) x.table[(slot[i] >>> 2) * x.stride + 1];
      int b = (int) y.table[(slot[j] >>> 2) * y.stride + 1];
      return Arrays.compareUnsigned(x.arena, a + INLINE_BYTES, a + length[i], y.arena, b + INLINE_BYTES,
          b + length[j]);
    }
    @Override
    public void swap(int i, int j) {
      swapIn(partition, i, j);
      swapIn(first, i, j);
      swapIn(second, i, j);
      swapIn(length, i, j);
      swapIn(slot, i, j);
    }

    private static void swapIn(int[] a, int i, int j) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }

    private static void swapIn(long[] a, int i, int j) {
      long t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /** Hands every key in the table and its sum to {@code sink}, in the order the keys came. */
  private void drainTable(Sink<? super V> sink) throws IOException, InterruptedException {
    for (int i = 0; i < size; i++) {
      emit(order[i] * stride, sink);
    }
    size = 0;
    arenaUsed = 0;
  }

  /** Hands the key and sum of the slot at {@code base} to {@code sink}, and clears the slot. */
  private void emit(int base, Sink<? super V> sink) throws IOException, InterruptedException {
    visit(base, sink);
    Arrays.fill(table, base, base + stride, 0);
  }

  /** Hands the key and sum of the slot at {@code base} to {@code sink}. */
  private void visit(int base, Sink<? super V> sink) throws IOException, InterruptedException {
    setKey(base, (int) table[base] >>> 1);
    sum.setFrom(table, base + 3);
    sink.accept(key, sum);
  }

  /** Sets {@link #key} to the key of the slot at {@code base}, {@code length} bytes long. */
  private void setKey(int base, int length) {
    if (length <= INLINE_BYTES) {
      unpack(table[base + 1], 0, Math.min(8, length));
      unpack(table[base + 2], 8, length - 8);
      key.set(unpacked, 0, length);
    } else {
      key.set(arena, (int) table[base + 1], length);
    }
  }

  /** Bytes {@code [off, off + n)}, n at most 8, as a little-endian long (zero above them). */
  private static long pack(byte[] b, int off, int n) {
    if (n == 8) {
      return (long) LONGS.get(b, off);
    }
    if (off + 8 <= b.length) {
      return (long) LONGS.get(b, off) & ((1L << (8 * n)) - 1);
    }
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  private void unpack(long v, int off, int n) {
    for (int i = 0; i < n; i++) {
      unpacked[off + i] = (byte) (v >>> (8 * i));
    }
  }

  private static int mix(long k0, long k1, int length) {
    long h = k0 * 0x9E3779B97F4A7C15L + k1 * 0xC2B2AE3D27D4EB4FL + length;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return (int) h;
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
