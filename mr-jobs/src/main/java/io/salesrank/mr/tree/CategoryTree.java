package io.salesrank.mr.tree;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The category tree of {@code --category-tree} (CONTRACT section 2): a sale in category C also
 * counts in every ancestor of C.
 *
 * <p>The file holds one category a line, {@code category_id TAB parent_id}; the parent is empty or
 * absent for a root. Lines starting with {@code #} and lines of only spaces and tabs are skipped but
 * still counted for line numbers. The file is UTF-8; a trailing {@code \r} is tolerated, and so is a
 * byte order mark. A parent the file does not list is a category without a parent, as is any category
 * the file does not name at all.
 *
 * <p>Depth: a root is level 1, so a chain may hold {@link #MAX_DEPTH} categories (a root and 31
 * descendants, the deepest having 31 ancestors); a 33rd category in a chain makes it "deeper than 32
 * levels". A file that breaks a rule fails with one {@link CategoryTreeException} line,
 * {@code category tree FILE: line N: REASON}. Rules are checked in this order: line syntax, ids and
 * duplicates at the first bad line in file order; then cycles, reported at the earliest line by which
 * the file holds a cycle (the last-listed member of the first cycle to close); then depth, reported
 * at the first line whose category is at level 33.
 *
 * <p>Immutable once read and safe to share between threads. {@link #ancestors(byte[], int, int)} is
 * the mapper's per-line lookup and allocates nothing.
 */
public final class CategoryTree {

  /** The most categories one chain may hold, its root included. */
  public static final int MAX_DEPTH = 32;

  /** The ancestors of a root or of a category not in the tree; shared, and empty so unmodifiable. */
  public static final byte[][] NO_ANCESTORS = new byte[0][];

  private static final String ID_RULE = "(ids are 1-" + Ids.MAX_LENGTH + " of A-Za-z0-9_.:-)";
  private static final int NO_PARENT = -1;
  // A valid line is at most two ids, a TAB and a \r; a longer line is bad whatever its tail holds.
  private static final int MAX_KEPT_CHARS = 1024;
  private static final CategoryTree EMPTY = new CategoryTree(new String[0], new int[0]);

  // Categories sorted by id; ids are ASCII, so String order is byte order.
  private final String[] names;
  private final int[] parents;
  private final byte[][] ids;
  private final byte[][][] ancestors;
  // Open addressing over the ids' bytes: slot holds index + 1, 0 when empty.
  private final int[] slots;
  private final int mask;

  private CategoryTree(String[] names, int[] parents) {
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

  /**
   * Reads and validates the tree at {@code file} on whatever filesystem its path names.
   *
   * @throws CategoryTreeException when the file is missing or breaks a rule of CONTRACT section 2
   * @throws IOException when the filesystem fails
   */
  public static CategoryTree read(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(file);
    } catch (FileNotFoundException e) {
      throw new CategoryTreeException("category tree " + file + ": does not exist", e);
    }
    if (status.isDirectory()) {
      throw new CategoryTreeException("category tree " + file + ": is a directory, not a file");
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return parse(in, file.toString());
    }
  }

  /**
   * Reads and validates a tree from {@code in}, streaming; {@code name} names the source in error
   * messages. Malformed UTF-8 reads as U+FFFD and so fails as a bad id on its line.
   *
   * @throws CategoryTreeException when the text breaks a rule of CONTRACT section 2
   */
  public static CategoryTree parse(BufferedReader in, String name) throws IOException {
    Builder builder = new Builder(name);
    Lines lines = new Lines(in);
    while (lines.next()) {
      builder.line(lines);
    }
    return builder.build();
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

  /**
   * Splits the input into lines at {@code \n} only, so line numbers are the ones an editor shows, and
   * keeps at most {@link #MAX_KEPT_CHARS} of each line while still counting its TABs.
   */
  private static final class Lines {
    private final BufferedReader in;
    private final char[] buffer = new char[8192];
    private final StringBuilder kept = new StringBuilder();
    private int position;
    private int limit;
    private int number;
    private int tabs;
    private boolean truncated;
    private boolean blank;

    Lines(BufferedReader in) {
      this.in = in;
    }

    boolean next() throws IOException {
      kept.setLength(0);
      tabs = 0;
      truncated = false;
      blank = true;
      boolean any = false;
      while (true) {
        if (position == limit) {
          limit = in.read(buffer, 0, buffer.length);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            if (any) {
              break;
            }
            return false;
          }
        }
        any = true;
        char c = buffer[position++];
        if (c == '\n') {
          break;
        }
        if (c == '\t') {
          tabs++;
        }
        blank &= c == ' ' || c == '\t' || c == '\r';
        if (kept.length() < MAX_KEPT_CHARS) {
          kept.append(c);
        } else {
          truncated = true;
        }
      }
      number++;
      if (!truncated && kept.length() > 0 && kept.charAt(kept.length() - 1) == '\r') {
        kept.setLength(kept.length() - 1);
      }
      if (number == 1 && kept.length() > 0 && kept.charAt(0) == '\uFEFF') {
        kept.deleteCharAt(0);
        // The same blank as above: without \r here, a first line of BOM, \r and TAB failed as a bad id.
        blank = kept.chars().allMatch(ch -> ch == ' ' || ch == '\t' || ch == '\r');
      }
      return true;
    }
  }

  /** The categories of a file being read, in the order first named. */
  private static final class Builder {
    private final String source;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private int[] parents = new int[16];
    // The line listing each category; 0 for one named only as a parent.
    private int[] lines = new int[16];

    Builder(String source) {
      this.source = source;
    }

    void line(Lines line) {
      if (line.blank || (line.kept.length() > 0 && line.kept.charAt(0) == '#')) {
        return;
      }
      int n = line.number;
      if (line.tabs > 1) {
        throw fail(n, "a line has more than two fields");
      }
      String text = line.kept.toString();
      int tab = text.indexOf('\t');
      String child = tab < 0 ? text : text.substring(0, tab);
      String parent = tab < 0 ? "" : text.substring(tab + 1);
      if (!Ids.isId(child)) {
        throw fail(n, quote(child) + " is not a category id " + ID_RULE);
      }
      if (!parent.isEmpty() && !Ids.isId(parent)) {
        throw fail(n, "parent " + quote(parent) + " is not a category id " + ID_RULE);
      }
      if (child.equals(parent)) {
        throw fail(n, "category " + quote(child) + " is its own parent");
      }
      int c = intern(child);
      if (lines[c] != 0) {
        throw fail(n, "category " + quote(child) + " is listed twice (first on line " + lines[c] + ")");
      }
      // Intern before indexing: interning may grow the arrays.
      int p = parent.isEmpty() ? NO_PARENT : intern(parent);
      lines[c] = n;
      parents[c] = p;
    }

    CategoryTree build() {
      int n = names.size();
      if (n == 0) {
        return EMPTY;
      }
      checkCycles(n);
      checkDepth(n);
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> names.get(a).compareTo(names.get(b)));
      int[] rank = new int[n];
      for (int i = 0; i < n; i++) {
        rank[order[i]] = i;
      }
      String[] sortedNames = new String[n];
      int[] sortedParents = new int[n];
      for (int i = 0; i < n; i++) {
        int old = order[i];
        sortedNames[i] = names.get(old);
        sortedParents[i] = parents[old] == NO_PARENT ? NO_PARENT : rank[parents[old]];
      }
      return new CategoryTree(sortedNames, sortedParents);
    }

    private int intern(String id) {
      Integer known = index.get(id);
      if (known != null) {
        return known;
      }
      int i = names.size();
      names.add(id);
      index.put(id, i);
      if (i == parents.length) {
        parents = Arrays.copyOf(parents, i * 2);
        lines = Arrays.copyOf(lines, i * 2);
      }
      parents[i] = NO_PARENT;
      return i;
    }

    /**
     * Each category has one parent, so cycles are disjoint and every walk up the parents ends at a
     * root or runs into one. Of all cycles, reports the one that closes first in the file.
     */
    private void checkCycles(int n) {
      final byte unseen = 0;
      final byte onWalk = 1;
      final byte done = 2;
      byte[] state = new byte[n];
      int[] walk = new int[n];
      int closing = -1;
      for (int start = 0; start < n; start++) {
        int length = 0;
        int c = start;
        while (c != NO_PARENT && state[c] == unseen) {
          state[c] = onWalk;
          walk[length++] = c;
          c = parents[c];
        }
        if (c != NO_PARENT && state[c] == onWalk) {
          int last = c;
          for (int m = parents[c]; m != c; m = parents[m]) {
            if (lines[m] > lines[last]) {
              last = m;
            }
          }
          if (closing < 0 || lines[last] < lines[closing]) {
            closing = last;
          }
        }
        for (int i = 0; i < length; i++) {
          state[walk[i]] = done;
        }
      }
      if (closing >= 0) {
        StringBuilder cycle = new StringBuilder("cycle: ").append(names.get(closing));
        int m = closing;
        do {
          m = parents[m];
          cycle.append(" -> ").append(names.get(m));
        } while (m != closing);
        throw fail(lines[closing], cycle + " (each category -> its parent)");
      }
    }

    /** Runs after {@link #checkCycles}: every walk up the parents ends at a root. */
    private void checkDepth(int n) {
      int[] depth = new int[n];
      int[] walk = new int[n];
      int deepest = -1;
      for (int start = 0; start < n; start++) {
        int length = 0;
        int c = start;
        while (c != NO_PARENT && depth[c] == 0) {
          walk[length++] = c;
          c = parents[c];
        }
        int d = c == NO_PARENT ? 0 : depth[c];
        while (length > 0) {
          int w = walk[--length];
          depth[w] = ++d;
          if (d == MAX_DEPTH + 1 && (deepest < 0 || lines[w] < lines[deepest])) {
            deepest = w;
          }
        }
      }
      if (deepest >= 0) {
        int root = deepest;
        while (parents[root] != NO_PARENT) {
          root = parents[root];
        }
        throw fail(lines[deepest], "chain deeper than " + MAX_DEPTH + " levels: "
            + quote(names.get(deepest)) + " has " + MAX_DEPTH + " ancestors up to root "
            + quote(names.get(root)) + "; a chain may hold at most " + MAX_DEPTH + " categories");
      }
    }

    private CategoryTreeException fail(int line, String reason) {
      return new CategoryTreeException("category tree " + source + ": line " + line + ": " + reason);
    }
  }

  /** Quotes bad input for a one-line message: at most 64 characters, control characters escaped. */
  private static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(text.length(), Ids.MAX_LENGTH);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('\'');
    if (text.length() > shown) {
      out.append(" (cut, longer than ").append(Ids.MAX_LENGTH).append(" characters)");
    }
    return out.toString();
  }
}
