package io.salesrank.mr.variants;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import io.salesrank.mr.input.LookupFile;
import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The variants of a product parent file ({@code product_id TAB parent_id} a line, docs/ranking-rules.md)
 * in a table made for a map task: every id's bytes back to back in two arrays (variants, and each
 * distinct parent once) and an open-addressing table of variant indexes: a variant costs its id's
 * bytes and about 20 more (bench/RESULTS.md), and a lookup on a line's product id bytes allocates
 * nothing. The driver reads and checks the file ({@link #read}) and ships the table as a binary image
 * ({@link #writeImage}); each task loads the image ({@link #readImage}) in one pass of bulk reads.
 *
 * <p>A file that breaks a rule fails with one {@link ProductParentsException} line,
 * {@code product parents FILE: line N: REASON}: line syntax, ids and duplicate variants at the first bad
 * line in file order; then chains, at the first variant (in file order) whose parent is itself listed
 * as a variant. {@code #} lines and lines of only spaces and tabs are skipped but counted; a trailing
 * {@code \r} and a byte order mark are tolerated.
 */
public final class ProductParents {

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  /** A valid line is at most two ids, a TAB and a {@code \r}: a longer one is bad whatever it holds. */
  private static final int MAX_LINE = 2 * Ids.MAX_LENGTH + 2;
  private static final int IMAGE_MAGIC = 0x53525050;  // "SRPP"
  private static final String SYNTAX = "expected product_id TAB parent_id (ids are 1-" + Ids.MAX_LENGTH
      + " of A-Za-z0-9_.:-)";

  private final byte[] variants;
  private final int[] variantStart;
  private final int[] parentOf;
  private final byte[] parents;
  private final int[] parentStart;
  private final int[] slots;
  private final String sha256;

  private ProductParents(byte[] variants, int[] variantStart, int[] parentOf, byte[] parents, int[] parentStart,
      int[] slots, String sha256) {
    this.variants = variants;
    this.variantStart = variantStart;
    this.parentOf = parentOf;
    this.parents = parents;
    this.parentStart = parentStart;
    this.slots = slots;
    this.sha256 = sha256;
  }

  /** How many variants the file lists. */
  public int size() {
    return parentOf.length;
  }

  /** How many distinct parents they roll up to. */
  public int parents() {
    return parentStart.length - 1;
  }

  /** The SHA-256 of the file's bytes, in hex: what a state and a ranking record of it. */
  public String sha256() {
    return sha256;
  }

  /**
   * The parent of the product whose id is {@code b[start, start + length)}, as an index for
   * {@link #parentBytes} and friends; -1 when the file does not list it (it is its own parent).
   */
  public int parentIndex(byte[] b, int start, int length) {
    int v = find(slots, variants, variantStart, b, start, length);
    return v < 0 ? -1 : parentOf[v];
  }

  /** The bytes every parent id is in. */
  public byte[] parentBytes() {
    return parents;
  }

  public int parentStart(int parent) {
    return parentStart[parent];
  }

  public int parentLength(int parent) {
    return parentStart[parent + 1] - parentStart[parent];
  }

  /** The id {@code product} rolls up to: its parent, or itself when the file does not list it. */
  public String rollUp(String product) {
    byte[] b = product.getBytes(StandardCharsets.UTF_8);
    int p = parentIndex(b, 0, b.length);
    return p < 0 ? product : new String(parents, parentStart(p), parentLength(p), StandardCharsets.UTF_8);
  }

  /** The index in {@code starts} of the id {@code b[from, from + length)} in table {@code table}, or -1. */
  private static int find(int[] table, byte[] ids, int[] starts, byte[] b, int from, int length) {
    int mask = table.length - 1;
    for (int slot = hash(b, from, length) & mask; ; slot = (slot + 1) & mask) {
      int i = table[slot] - 1;
      if (i < 0) {
        return -1;
      }
      int s = starts[i];
      if (starts[i + 1] - s == length && Arrays.equals(ids, s, s + length, b, from, from + length)) {
        return i;
      }
    }
  }

  static int hash(byte[] b, int start, int length) {
    int h = 0x811c9dc5;
    for (int i = start; i < start + length; i++) {
      h = (h ^ (b[i] & 0xff)) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    return h ^ (h >>> 13);
  }

  /**
   * Reads and checks the file at {@code file} on whatever filesystem its path names.
   *
   * @throws ProductParentsException when it is missing, a directory, or breaks a rule
   */
  public static ProductParents read(Configuration conf, Path file) throws IOException {
    try (InputStream in = LookupFile.open(conf, file,
        reason -> new ProductParentsException("product parents " + file + ": " + reason))) {
      return parse(in, file.toString());
    }
  }

  /** Reads and checks a file's bytes from {@code in}; {@code name} names it in errors. */
  public static ProductParents parse(InputStream in, String name) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Builder builder = new Builder(name);
    byte[] buffer = new byte[1 << 16];
    byte[] line = new byte[MAX_LINE + 1];
    int kept = 0;
    boolean overlong = false;
    int number = 1;
    int read;
    while ((read = in.read(buffer)) > 0) {
      digest.update(buffer, 0, read);
      for (int i = 0; i < read; i++) {
        byte c = buffer[i];
        if (c == '\n') {
          builder.line(number++, line, kept, overlong);
          kept = 0;
          overlong = false;
        } else if (kept < line.length) {
          line[kept++] = c;
        } else {
          overlong = true;
        }
      }
    }
    if (kept > 0 || overlong) {
      builder.line(number, line, kept, overlong);
    }
    return builder.build(HexFormat.of().formatHex(digest.digest()));
  }

  /** Ids back to back in one array, each found by an open-addressing table; grown as ids are added. */
  private static final class IdSet {
    private byte[] bytes = new byte[1 << 12];
    private int used;
    private int[] starts = new int[1 << 8];
    private int size;
    private int[] table = new int[1 << 9];

    /** The index of the id {@code b[from, from + length)}, or -1. */
    int find(byte[] b, int from, int length) {
      return ProductParents.find(table, bytes, starts, b, from, length);
    }

    /** Adds the id {@code b[from, from + length)}, which is not in the set; its index. */
    int add(byte[] b, int from, int length) {
      if (used + length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + length));
      }
      System.arraycopy(b, from, bytes, used, length);
      used += length;
      if (size + 2 > starts.length) {
        starts = Arrays.copyOf(starts, starts.length * 2);
      }
      starts[++size] = used;
      if (size * 2 > table.length) {
        table = new int[table.length * 2];
        for (int j = 0; j < size - 1; j++) {
          place(table, bytes, starts, j);
        }
      }
      place(table, bytes, starts, size - 1);
      return size - 1;
    }

    int size() {
      return size;
    }

    byte[] bytes() {
      return Arrays.copyOf(bytes, used);
    }

    int[] starts() {
      return Arrays.copyOf(starts, size + 1);
    }
  }

  private static void place(int[] table, byte[] ids, int[] starts, int i) {
    int mask = table.length - 1;
    int slot = hash(ids, starts[i], starts[i + 1] - starts[i]) & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = i + 1;
  }

  /** Accumulates the variants in file order, checking each line as it comes. */
  private static final class Builder {
    private final String name;
    private final IdSet variants = new IdSet();
    private final IdSet parents = new IdSet();
    private int[] parentOf = new int[1 << 8];
    private int[] lineOf = new int[1 << 8];

    Builder(String name) {
      this.name = name;
    }

    void line(int number, byte[] b, int length, boolean overlong) {
      int from = 0;
      if (number == 1 && length >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2]) {
        from = 3;
      }
      if (!overlong && length > from && b[length - 1] == '\r') {
        length--;
      }
      if (!overlong && (length == from || b[from] == '#' || blank(b, from, length))) {
        return;
      }
      int tab = -1;
      for (int i = from; i < length; i++) {
        if (b[i] == '\t') {
          if (tab >= 0) {
            tab = -2;
            break;
          }
          tab = i;
        }
      }
      if (overlong || tab < 0) {
        throw fail(number, SYNTAX);
      }
      if (!Ids.isId(b, from, tab)) {
        throw fail(number, "product_id is outside the id alphabet");
      }
      if (!Ids.isId(b, tab + 1, length)) {
        throw fail(number, "parent_id is outside the id alphabet");
      }
      int v = variants.find(b, from, tab - from);
      if (v >= 0) {
        throw fail(number, "variant " + new String(b, from, tab - from, StandardCharsets.US_ASCII)
            + " is listed twice (first on line " + lineOf[v] + ")");
      }
      int parent = parents.find(b, tab + 1, length - tab - 1);
      add(variants.add(b, from, tab - from), parent >= 0 ? parent : parents.add(b, tab + 1, length - tab - 1), number);
    }

    private static boolean blank(byte[] b, int from, int to) {
      for (int i = from; i < to; i++) {
        if (b[i] != ' ' && b[i] != '\t') {
          return false;
        }
      }
      return true;
    }

    private ProductParentsException fail(int number, String reason) {
      return new ProductParentsException("product parents " + name + ": line " + number + ": " + reason);
    }

    private void add(int variant, int parent, int number) {
      if (variant >= parentOf.length) {
        parentOf = Arrays.copyOf(parentOf, parentOf.length * 2);
        lineOf = Arrays.copyOf(lineOf, lineOf.length * 2);
      }
      parentOf[variant] = parent;
      lineOf[variant] = number;
    }

    ProductParents build(String sha256) {
      int count = variants.size();
      byte[] parentIds = parents.bytes();
      int[] parentStarts = parents.starts();
      // Chains: a parent that is itself a listed variant, reported at the first variant that names one.
      int[] listedAt = new int[parents.size()];
      boolean any = false;
      for (int p = 0; p < listedAt.length; p++) {
        int v = variants.find(parentIds, parentStarts[p], parentStarts[p + 1] - parentStarts[p]);
        listedAt[p] = v < 0 ? 0 : lineOf[v];
        any |= v >= 0;
      }
      for (int v = 0; any && v < count; v++) {
        int p = parentOf[v];
        if (listedAt[p] > 0) {
          String parent = new String(parentIds, parentStarts[p], parentStarts[p + 1] - parentStarts[p],
              StandardCharsets.US_ASCII);
          throw fail(lineOf[v], "parent " + parent + " is itself listed as a variant (line " + listedAt[p]
              + "); chains are not allowed, name the top parent");
        }
      }
      // Sized to the table a task loads: no spare room, at most half full.
      byte[] variantIds = variants.bytes();
      int[] variantStarts = variants.starts();
      int[] table = new int[Integer.highestOneBit(Math.max(1, count) * 2 - 1) << 1];
      for (int v = 0; v < count; v++) {
        place(table, variantIds, variantStarts, v);
      }
      return new ProductParents(variantIds, variantStarts, Arrays.copyOf(parentOf, count), parentIds, parentStarts,
          table, sha256);
    }
  }

  /** Writes the table as the tasks load it ({@link #readImage}). */
  public void writeImage(DataOutputStream out) throws IOException {
    out.writeInt(IMAGE_MAGIC);
    out.writeUTF(sha256);
    writeBytes(out, variants);
    writeInts(out, variantStart);
    writeInts(out, parentOf);
    writeBytes(out, parents);
    writeInts(out, parentStart);
    writeInts(out, slots);
  }

  /** Loads a table {@link #writeImage} wrote. */
  public static ProductParents readImage(DataInputStream in) throws IOException {
    if (in.readInt() != IMAGE_MAGIC) {
      throw new IOException("not a product parents image");
    }
    String sha256 = in.readUTF();
    return new ProductParents(readBytes(in), readInts(in), readInts(in), readBytes(in), readInts(in), readInts(in),
        sha256);
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    byte[] chunk = new byte[4 << 12];
    for (int i = 0; i < values.length; i += 1 << 12) {
      int n = Math.min(1 << 12, values.length - i);
      for (int j = 0; j < n; j++) {
        int v = values[i + j];
        chunk[4 * j] = (byte) (v >>> 24);
        chunk[4 * j + 1] = (byte) (v >>> 16);
        chunk[4 * j + 2] = (byte) (v >>> 8);
        chunk[4 * j + 3] = (byte) v;
      }
      out.write(chunk, 0, 4 * n);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] values = new int[in.readInt()];
    byte[] chunk = new byte[4 << 12];
    for (int i = 0; i < values.length; i += 1 << 12) {
      int n = Math.min(1 << 12, values.length - i);
      in.readFully(chunk, 0, 4 * n);
      for (int j = 0; j < n; j++) {
        values[i + j] = (chunk[4 * j] & 0xff) << 24 | (chunk[4 * j + 1] & 0xff) << 16
            | (chunk[4 * j + 2] & 0xff) << 8 | (chunk[4 * j + 3] & 0xff);
      }
    }
    return values;
  }
}
