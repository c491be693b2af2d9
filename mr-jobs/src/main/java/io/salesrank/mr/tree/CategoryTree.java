package io.salesrank.mr.tree;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import io.salesrank.shared.Ids;

/**
 * The category tree of {@code --category-tree} (docs/ranking-rules.md): a sale in category C also
 * counts in every ancestor of C. The lookup; {@link CategoryTreeFile} reads and validates the file.
 *
 * <p>Immutable and safe to share between threads. {@link #ancestors(byte[], int, int)} is the
 * mapper's per-line lookup and allocates nothing.
 */
public final class CategoryTree {

  /** The most categories one chain may hold, its root included. */
  public static final int MAX_DEPTH = 32;

  /** The ancestors of a root or of a category not in the tree; shared, and empty so unmodifiable. */
  public static final byte[][] NO_ANCESTORS = new byte[0][];

  /** The parent of a root, in {@code parents}. */
  static final int NO_PARENT = -1;
  private static final CategoryTree EMPTY = new CategoryTree(new String[0], new int[0]);

  // Categories sorted by id; ids are ASCII, so String order is byte order.
  private final String[] names;
  private final int[] parents;
  private final byte[][] ids;
  private final byte[][][] ancestors;
  // Open addressing over the ids' bytes: slot holds index + 1, 0 when empty.
  private final int[] slots;
  private final int mask;

  /** Categories sorted by id, and each one's parent's index or {@link #NO_PARENT}; {@link CategoryTreeFile} builds them. */
  CategoryTree(String[] names, int[] parents) {
    this.names = names;
    this.parents = parents;
    int n = names.length;
    ids = new byte[n][];
    for (int i = 0; i < n; i++) {
      ids[i] = names[i].getBytes(StandardCharsets.US_ASCII);
    }
    ancestors = new byte[n][][];
    for (int i = 0; i < n; i++) {
      ancestors[i] = chain(i);
    }
    int capacity = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;
    slots = new int[capacity];
    mask = capacity - 1;
    for (int i = 0; i < n; i++) {
      int slot = hash(ids[i], 0, ids[i].length) & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = i + 1;
    }
  }

  /** A tree without categories: every category is a root. */
  public static CategoryTree empty() {
    return EMPTY;
  }

  /** Categories named, whether listed or named only as a parent. */
  public int size() {
    return names.length;
  }

  /**
   * The ancestors of the category {@code bytes[start, start + length)}, its parent first and its root
   * last; an empty array when it is a root or not in the tree. The arrays are shared: do not modify.
   */
  public byte[][] ancestors(byte[] bytes, int start, int length) {
    int index = indexOf(bytes, start, length);
    return index < 0 ? NO_ANCESTORS : ancestors[index];
  }

  /** The ancestors of {@code category}, its parent first and its root last. */
  public List<String> ancestors(String category) {
    int index = indexOf(category);
    if (index < 0) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (int p = parents[index]; p != NO_PARENT; p = parents[p]) {
      result.add(names[p]);
    }
    return Collections.unmodifiableList(result);
  }

  /** The parent of {@code category}; null for a root or a category not in the tree. */
  public String parent(String category) {
    int index = indexOf(category);
    return index < 0 || parents[index] == NO_PARENT ? null : names[parents[index]];
  }

  /**
   * Writes the normalized tree: every category named, parents named only as parents included (as
   * roots), one {@code category TAB parent} line each, sorted by id in byte order, {@code \n} line
   * ends. Parsing the output gives an equal tree.
   */
  public void write(Writer out) throws IOException {
    for (int i = 0; i < names.length; i++) {
      out.write(names[i]);
      out.write('\t');
      if (parents[i] != NO_PARENT) {
        out.write(names[parents[i]]);
      }
      out.write('\n');
    }
  }

  /**
   * Lower-case hex SHA-256 of {@link #write the normalized form}: files that differ only in comments,
   * blank lines, line order or line ends have the same digest.
   */
  public String sha256() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (Writer out = new OutputStreamWriter(
        new DigestOutputStream(OutputStream.nullOutputStream(), digest), StandardCharsets.UTF_8)) {
      write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CategoryTree other
        && Arrays.equals(names, other.names)
        && Arrays.equals(parents, other.parents);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(parents);
  }

  @Override
  public String toString() {
    return "CategoryTree[" + names.length + " categories]";
  }

  private byte[][] chain(int index) {
    int depth = 0;
    for (int p = parents[index]; p != NO_PARENT; p = parents[p]) {
      depth++;
    }
    if (depth == 0) {
      return NO_ANCESTORS;
    }
    byte[][] chain = new byte[depth][];
    int i = 0;
    for (int p = parents[index]; p != NO_PARENT; p = parents[p]) {
      chain[i++] = ids[p];
    }
    return chain;
  }

  private int indexOf(String category) {
    if (!Ids.isId(category)) {
      return -1;
    }
    byte[] bytes = category.getBytes(StandardCharsets.US_ASCII);
    return indexOf(bytes, 0, bytes.length);
  }

  private int indexOf(byte[] bytes, int start, int length) {
    int end = start + length;
    int slot = hash(bytes, start, end) & mask;
    for (int entry = slots[slot]; entry != 0; entry = slots[slot]) {
      byte[] id = ids[entry - 1];
      if (Arrays.equals(id, 0, id.length, bytes, start, end)) {
        return entry - 1;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private static int hash(byte[] bytes, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + bytes[i];
    }
    // Spread the high bits: the table indexes by the low ones.
    h *= 0x9E3779B9;
    return h ^ (h >>> 16);
  }


}
