package io.salesrank.mr.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import io.salesrank.mr.fuzz.FuzzTarget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzzing of the state's {@code files.tsv} ({@link FileIndex#read(BufferedReader, String)}): valid
 * indexes, the same with a field emptied, replaced (huge, negative, not a number, a version that is no
 * version directory), fields added or dropped, truncated; and random text. Property: the only refusal is
 * an {@link IOException} whose message names the index and not a line's content; an index read has
 * non-empty paths, versions that are {@code -} or a version directory's name, non-negative sizes; a
 * valid one reads back whole.
 */
public final class FileIndexFuzz implements FuzzTarget<FileIndexFuzz.Case> {

  private static final String NAME = "fuzz/files.tsv";
  private static final String HEADER =
      "# path\tdir_hour\tsize\tmtime\tfile_id\tmin_bucket\tmax_bucket_end\tversion\tparts\tbytes";
  private static final String[] REPLACEMENTS = {
      "", "-", "-1", "x", "1.5", "9223372036854775808", "99999999999999999999", "2147483648", "v-1", "v-00000001",
      "../../x", "a:b", "/abs", " 1", "1 ", "\u0661", "+1", "v-0000000a", "v-000000001", "~SECRET~",
  };

  /** The text, and the number of entries when it is an unmutated valid index (else -1). */
  public record Case(String text, int entries) {
    @Override
    public String toString() {
      return "\"" + FuzzTarget.escape(text, 600) + "\"";
    }
  }

  @Override
  public String name() {
    return "state-file-index";
  }

  @Override
  public Arbitrary<Case> inputs() {
    Arbitrary<List<List<String>>> valid = Combinators.combine(
            Arbitraries.strings().withChars("abc/%20.csv").ofMinLength(1).ofMaxLength(12),
            Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.longs().between(1, 1L << 40),
            Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 64), Arbitraries.of(true, false))
        .as((path, n, id, version, parts, sums) -> List.of(path, Long.toString(n % 4_000_000_000_000L),
            Long.toString(n % 1_000_000), Long.toString(n), Long.toString(id), Long.toString(n % 1000),
            Long.toString(n % 1000 + 1), sums ? String.format("v-%08d", version) : "-", Integer.toString(parts),
            Long.toString(n % 100_000)))
        .list().ofMaxSize(6).uniqueElements(e -> e.get(0));
    Arbitrary<Case> plain = valid.map(rows -> new Case(render(rows), rows.size()));
    Arbitrary<Case> mutated = Combinators.combine(valid, Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 99), Arbitraries.integers().between(0, 99))
        .as((rows, kind, a, b) -> {
          List<List<String>> m = new ArrayList<>();
          for (List<String> r : rows) {
            m.add(new ArrayList<>(r));
          }
          String text;
          if (m.isEmpty() || kind == 4) {
            text = render(m);
            text = text.substring(0, Math.min(text.length(), a * text.length() / 99));
          } else {
            List<String> row = m.get(a % m.size());
            switch (kind) {
              case 0 -> row.set(b % 10, REPLACEMENTS[a % REPLACEMENTS.length]);
              case 1 -> row.add(b % (row.size() + 1), REPLACEMENTS[a % REPLACEMENTS.length]);
              case 2 -> row.remove(b % row.size());
              default -> row.set(b % 10, row.get(b % 10) + "\t");
            }
            text = render(m);
          }
          return new Case(text, -1);
        });
    Arbitrary<Case> random = Arbitraries.strings().withChars("# \t\n-v0123456789a").ofMaxLength(80)
        .map(s -> new Case(s.startsWith("#") ? s : HEADER + "\n" + s, -1));
    return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(1, plain), Tuple.of(4, mutated));
  }

  private static String render(List<List<String>> rows) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (List<String> r : rows) {
      out.append(String.join("\t", r)).append('\n');
    }
    return out.toString();
  }

  @Override
  public void check(Case c) throws Exception {
    FileIndex index;
    try {
      index = FileIndex.read(new BufferedReader(new StringReader(c.text())), NAME);
    } catch (IOException e) {
      if (c.entries() >= 0) {
        throw new AssertionError("refused a valid index: " + e.getMessage());
      }
      if (e.getMessage() == null || !e.getMessage().startsWith(NAME) || e.getMessage().contains("SECRET")) {
        throw new AssertionError("a refusal that does not name the index, or echoes a line: " + e.getMessage());
      }
      return;
    }
    for (FileIndex.Entry e : index.entries()) {
      if (e.path().isEmpty() || !(e.version().equals("-") || e.version().matches("v-[0-9]{8}")) || e.size() < 0
          || e.parts() < 0 || e.bytes() < 0) {
        throw new AssertionError("read an entry the state cannot use: " + e);
      }
    }
    if (c.entries() >= 0 && index.entries().size() != c.entries()) {
      throw new AssertionError("a valid index read " + index.entries().size() + " of " + c.entries() + " entries");
    }
  }

  @Override
  public String show(Case c) {
    return c.toString();
  }
}
