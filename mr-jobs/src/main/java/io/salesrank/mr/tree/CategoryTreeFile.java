package io.salesrank.mr.tree;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.salesrank.mr.input.LookupFile;
import io.salesrank.shared.Ids;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Reads and validates a category tree file (docs/ranking-rules.md) into a {@link CategoryTree}.
 *
 * <p>The file holds one category a line, {@code category_id TAB parent_id}; the parent is empty or
 * absent for a root. Lines starting with {@code #} and lines of only spaces and tabs are skipped but
 * still counted for line numbers. The file is UTF-8; a trailing {@code \r} is tolerated, and so is a
 * byte order mark. A parent the file does not list is a category without a parent, as is any category
 * the file does not name at all.
 *
 * <p>Depth: a root is level 1, so a chain may hold {@link CategoryTree#MAX_DEPTH} categories (a root and
 * 31 descendants, the deepest having 31 ancestors); a 33rd category in a chain makes it "deeper than 32
 * levels". A file that breaks a rule fails with one {@link CategoryTreeException} line,
 * {@code category tree FILE: line N: REASON}. Rules are checked in this order: line syntax, ids and
 * duplicates at the first bad line in file order; then cycles, reported at the earliest line by which
 * the file holds a cycle (the last-listed member of the first cycle to close); then depth, reported
 * at the first line whose category is at level 33.
 */
public final class CategoryTreeFile {

  private static final String ID_RULE = "(ids are 1-" + Ids.MAX_LENGTH + " of A-Za-z0-9_.:-)";
  // A valid line is at most two ids, a TAB and a \r; a longer line is bad whatever its tail holds.
  private static final int MAX_KEPT_CHARS = 1024;

  private CategoryTreeFile() {
  }

  /**
   * Reads and validates the tree at {@code file} on whatever filesystem its path names.
   *
   * @throws CategoryTreeException when the file is missing or breaks a rule of docs/ranking-rules.md
   * @throws IOException when the filesystem fails
   */
  public static CategoryTree read(Configuration conf, Path file) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        LookupFile.open(conf, file, reason -> new CategoryTreeException("category tree " + file + ": " + reason)),
        StandardCharsets.UTF_8))) {
      return parse(in, file.toString());
    }
  }

  /**
   * Reads and validates a tree from {@code in}, streaming; {@code name} names the source in error
   * messages. Malformed UTF-8 reads as U+FFFD and so fails as a bad id on its line.
   *
   * @throws CategoryTreeException when the text breaks a rule of docs/ranking-rules.md
   */
  public static CategoryTree parse(BufferedReader in, String name) throws IOException {
    Builder builder = new Builder(name);
    Lines lines = new Lines(in);
    while (lines.next()) {
      builder.line(lines);
    }
    return builder.build();
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
      int p = parent.isEmpty() ? CategoryTree.NO_PARENT : intern(parent);
      lines[c] = n;
      parents[c] = p;
    }

    CategoryTree build() {
      int n = names.size();
      if (n == 0) {
        return CategoryTree.empty();
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
        sortedParents[i] = parents[old] == CategoryTree.NO_PARENT ? CategoryTree.NO_PARENT : rank[parents[old]];
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
      parents[i] = CategoryTree.NO_PARENT;
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
        while (c != CategoryTree.NO_PARENT && state[c] == unseen) {
          state[c] = onWalk;
          walk[length++] = c;
          c = parents[c];
        }
        if (c != CategoryTree.NO_PARENT && state[c] == onWalk) {
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
        while (c != CategoryTree.NO_PARENT && depth[c] == 0) {
          walk[length++] = c;
          c = parents[c];
        }
        int d = c == CategoryTree.NO_PARENT ? 0 : depth[c];
        while (length > 0) {
          int w = walk[--length];
          depth[w] = ++d;
          if (d == CategoryTree.MAX_DEPTH + 1 && (deepest < 0 || lines[w] < lines[deepest])) {
            deepest = w;
          }
        }
      }
      if (deepest >= 0) {
        int root = deepest;
        while (parents[root] != CategoryTree.NO_PARENT) {
          root = parents[root];
        }
        throw fail(lines[deepest], "chain deeper than " + CategoryTree.MAX_DEPTH + " levels: "
            + quote(names.get(deepest)) + " has " + CategoryTree.MAX_DEPTH + " ancestors up to root "
            + quote(names.get(root)) + "; a chain may hold at most " + CategoryTree.MAX_DEPTH + " categories");
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
