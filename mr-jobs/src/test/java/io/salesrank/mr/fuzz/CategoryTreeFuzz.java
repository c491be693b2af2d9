package io.salesrank.mr.fuzz;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.salesrank.mr.tree.CategoryTree;
import io.salesrank.mr.tree.CategoryTreeFile;
import io.salesrank.mr.tree.CategoryTreeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzzing of the category-tree file (docs/ranking-rules.md, {@link CategoryTree#parse}). Inputs: random
 * text over the characters that matter; trees over a few ids (so cycles, self-parents and duplicates
 * happen), long chains around {@link CategoryTree#MAX_DEPTH}, with comments, blank lines, CRLF, a byte
 * order mark, extra fields, bad characters and huge lines. Properties: the only refusal is a
 * one-line {@link CategoryTreeException} naming the file and a line of it, and it comes exactly when an
 * independent reading of the rules says the file breaks one; otherwise every category's ancestors are
 * the chain of parents the lines give, finite, acyclic and at most {@code MAX_DEPTH - 1} long.
 */
public final class CategoryTreeFuzz implements FuzzTarget<String> {

  private static final String SOURCE = "fuzz.tsv";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final String[] POOL = {"a", "b", "c", "d", "e", "f", "A1", "x.y", "k:9", "_-"};
  private static final String[] JUNK = {
      "", " ", "\t", "#", "# comment\tx", "\r", "a b", "a\t\tb", "\u00e9", "*", "a\u0000", "\uFFFD", "\uFEFF",
      "a\tb\tc", "\ta", "a\t", "x".repeat(65), "y".repeat(64), "z".repeat(3000), "a\t" + "p".repeat(2000),
      "a\r\r", "\u2028", "a/b",
  };

  @Override
  public String name() {
    return "category-tree";
  }

  @Override
  public Arbitrary<String> inputs() {
    Arbitrary<String> random = Arbitraries.strings().withChars("ab\t\n\r# .\u00e9\uFEFF").ofMaxLength(80);
    Arbitrary<String> pairs = Combinators.combine(
            Arbitraries.of(POOL), Arbitraries.of(POOL).injectDuplicates(0.1), Arbitraries.integers().between(0, 9))
        .as((child, parent, style) -> switch (style) {
          case 0 -> child;
          case 1 -> child + "\t";
          case 2 -> child + "\t" + parent + "\r";
          case 3 -> "# " + child;
          case 4 -> "";
          default -> child + "\t" + parent;
        })
        .list().ofMaxSize(14)
        .map(lines -> String.join("\n", lines));
    Arbitrary<String> chains = Combinators.combine(
            Arbitraries.integers().between(1, 40).edgeCases(e -> e.add(31, 32, 33)),
            Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
        .as((depth, order, loop) -> {
          List<String> lines = new ArrayList<>();
          for (int i = 0; i < depth; i++) {
            lines.add("c" + i + (i == 0 ? (loop ? "\tc" + (depth - 1) : "") : "\tc" + (i - 1)));
          }
          if (order == 1) {
            java.util.Collections.reverse(lines);
          } else if (order == 2) {
            lines.add("c" + depth / 2 + "\tz");
          }
          return String.join(order == 3 ? "\r\n" : "\n", lines);
        });
    Arbitrary<String> mutated = Combinators.combine(pairs,
            Arbitraries.of(JUNK), Arbitraries.integers().between(0, 20), Arbitraries.of(true, false))
        .as((text, junk, at, bom) -> {
          List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
          lines.add(Math.min(at, lines.size()), junk);
          return (bom ? "\uFEFF" : "") + String.join("\n", lines);
        });
    return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(3, pairs), Tuple.of(2, chains), Tuple.of(3, mutated));
  }

  @Override
  public void check(String text) throws Exception {
    String failure = reference(text);
    CategoryTree tree;
    try {
      tree = CategoryTreeFile.parse(new BufferedReader(new StringReader(text)), SOURCE);
    } catch (CategoryTreeException e) {
      String message = e.getMessage();
      if (failure == null) {
        throw new AssertionError("refused a valid file: " + FuzzTarget.escape(message, 300));
      }
      if (message == null || message.contains("\n") || message.contains("\r") || message.length() > 600
          || !message.matches("(?s)category tree " + Pattern.quote(SOURCE) + ": line [1-9][0-9]*: .+")) {
        throw new AssertionError("not a one-line message naming the file and a line: "
            + FuzzTarget.escape(String.valueOf(message), 300));
      }
      int line = Integer.parseInt(message.replaceFirst("(?s)^category tree [^:]*: line ([0-9]+): .*$", "$1"));
      if (line > text.split("\n", -1).length) {
        throw new AssertionError("names line " + line + " past the end");
      }
      return;
    }
    if (failure != null) {
      throw new AssertionError("accepted a file that breaks a rule: " + failure);
    }
    Map<String, String> parents = parents(text);
    Set<String> named = new HashSet<>(parents.keySet());
    for (String p : parents.values()) {
      if (p != null) {
        named.add(p);
      }
    }
    if (tree.size() != named.size()) {
      throw new AssertionError("size " + tree.size() + ", the file names " + named.size());
    }
    for (String c : named) {
      List<String> ancestors = tree.ancestors(c);
      if (ancestors.size() > CategoryTree.MAX_DEPTH - 1 || new HashSet<>(ancestors).size() != ancestors.size()
          || ancestors.contains(c)) {
        throw new AssertionError("ancestors of " + c + " not a finite acyclic chain: " + ancestors);
      }
      String expected = parents.get(c);
      for (String a : ancestors) {
        if (!a.equals(expected)) {
          throw new AssertionError("ancestors of " + c + " are " + ancestors + ", not the file's parents");
        }
        expected = parents.get(a);
      }
      if (expected != null) {
        throw new AssertionError("ancestors of " + c + " stop before the root");
      }
      if (!java.util.Objects.equals(tree.parent(c), parents.get(c))) {
        throw new AssertionError("parent of " + c);
      }
      byte[] bytes = c.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      if (tree.ancestors(bytes, 0, bytes.length).length != ancestors.size()) {
        throw new AssertionError("byte lookup of " + c + " differs");
      }
    }
  }

  /** The lines that count: split at LF, a trailing CR and a leading BOM dropped, blanks and comments skipped. */
  private static List<String[]> lines(String text) {
    List<String> raw = new ArrayList<>(List.of(text.split("\n", -1)));
    if (!raw.isEmpty() && raw.get(raw.size() - 1).isEmpty()) {
      raw.remove(raw.size() - 1);
    }
    List<String[]> out = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      String line = raw.get(i);
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.chars().allMatch(ch -> ch == ' ' || ch == '\t' || ch == '\r') || line.startsWith("#")) {
        continue;
      }
      out.add(line.split("\t", -1));
    }
    return out;
  }

  private static Map<String, String> parents(String text) {
    Map<String, String> parents = new LinkedHashMap<>();
    for (String[] f : lines(text)) {
      parents.put(f[0], f.length < 2 || f[1].isEmpty() ? null : f[1]);
    }
    return parents;
  }

  /** Which rule the file breaks, or null: the rules of docs/ranking-rules.md read plainly. */
  static String reference(String text) {
    Map<String, String> parents = new HashMap<>();
    for (String[] f : lines(text)) {
      if (f.length > 2) {
        return "more than two fields";
      }
      if (!ID.matcher(f[0]).matches() || (f.length == 2 && !f[1].isEmpty() && !ID.matcher(f[1]).matches())) {
        return "bad id";
      }
      if (f.length == 2 && f[0].equals(f[1])) {
        return "own parent";
      }
      if (parents.containsKey(f[0])) {
        return "listed twice";
      }
      parents.put(f[0], f.length < 2 || f[1].isEmpty() ? null : f[1]);
    }
    for (String c : parents.keySet()) {
      Set<String> seen = new HashSet<>();
      int depth = 0;
      for (String x = c; x != null; x = parents.get(x)) {
        if (!seen.add(x)) {
          return "cycle";
        }
        depth++;
      }
      if (depth > CategoryTree.MAX_DEPTH) {
        return "deeper than " + CategoryTree.MAX_DEPTH;
      }
    }
    return null;
  }

  @Override
  public String show(String text) {
    return "\"" + FuzzTarget.escape(text, 600) + "\"";
  }
}
