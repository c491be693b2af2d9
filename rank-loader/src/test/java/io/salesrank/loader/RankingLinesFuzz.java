package io.salesrank.loader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.fuzz.FuzzTarget;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.hadoop.fs.Path;

/**
 * Fuzzing of the ranking-directory rows ({@link RankingLineChecker}, what {@code load} checks before it
 * publishes): valid rankings (categories with ranks 1..n by score descending then product id, window
 * and decay scores), the same with lines swapped, dropped or repeated, a field replaced (junk, NaN,
 * infinities, hex and suffixed doubles, huge and negative numbers), TABs added or removed; and random
 * bytes. Properties: the only refusal is a {@link SalesRankException} of one printable line naming the
 * file and line, which never echoes a field that failed its check (junk carries a {@code ~}, outside
 * the id alphabet); a valid ranking is accepted whole, with its row count.
 */
public final class RankingLinesFuzz implements FuzzTarget<RankingLinesFuzz.Case> {

  static final Path PART = new Path("/fuzz/part-r-00000");
  private static final String PREFIX = "ranking file " + PART + " line ";
  private static final String[] JUNK = {
      "~", "a~b", "", "-", "0", "-1", "NaN", "Infinity", "-Infinity", "1e400", "0x1p3", "1d", "1f", " 5", "5 ",
      "99999999999999999999", "9223372036854775807", "2147483648", "*", "\u00e9", "1.5", "-0.0", "4.9E-324",
      "1_0", "+1", "\u0661",
  };

  /** The bytes, the top, and the number of rows when valid and unmutated (else -1). */
  public record Case(byte[] bytes, int top, int rows) {
    @Override
    public String toString() {
      return "top " + top + " \"" + FuzzTarget.escape(new String(bytes, StandardCharsets.ISO_8859_1), 600) + "\"";
    }
  }

  @Override
  public String name() {
    return "ranking-lines";
  }

  record Row(String product, String score, double value, long total) {
  }

  static Arbitrary<List<List<String>>> validRankings() {
    Arbitrary<String> ids = Arbitraries.strings().withChars("abcAB01_.:-").ofMinLength(1).ofMaxLength(6);
    Arbitrary<Row> rows = Combinators.combine(ids, Arbitraries.longs().between(1, 1_000_000),
            Arbitraries.longs().between(1, 1_000_000_000_000_000L).map(l -> l / 1e6), Arbitraries.of(true, false),
            Arbitraries.longs().between(-1000, 1_000_000))
        .as((p, whole, decayed, window, total) -> window
            ? new Row(p, Long.toString(whole), whole, total)
            : new Row(p, Double.toString(decayed), decayed, total));
    Arbitrary<List<Row>> category = rows.list().ofMinSize(1).ofMaxSize(6).uniqueElements(Row::product);
    return Combinators.combine(ids, category).as(Tuple::of)
        .list().ofMaxSize(5).uniqueElements(t -> t.get1())
        .map(cats -> {
          List<List<String>> lines = new ArrayList<>();
          for (int c = 0; c < cats.size(); c++) {
            String name = c == 0 && cats.get(c).get1().startsWith("a") ? "*" : cats.get(c).get1();
            List<Row> sorted = new ArrayList<>(cats.get(c).get2());
            sorted.sort(Comparator.comparingDouble(Row::value).reversed().thenComparing(Row::product));
            for (int r = 0; r < sorted.size(); r++) {
              Row row = sorted.get(r);
              lines.add(new ArrayList<>(List.of(name, Integer.toString(r + 1), row.product(),
                  Long.toString(row.total()), row.score())));
            }
          }
          return lines;
        });
  }

  private static byte[] render(List<List<String>> lines) {
    StringBuilder out = new StringBuilder();
    for (List<String> l : lines) {
      out.append(String.join("\t", l)).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Arbitrary<Case> inputs() {
    Arbitrary<Integer> extraTop = Arbitraries.integers().between(0, 3);
    Arbitrary<Case> valid = Combinators.combine(validRankings(), extraTop)
        .as((lines, extra) -> new Case(render(lines), 6 + extra, lines.size()));
    Arbitrary<Case> mutated = Combinators.combine(validRankings(), Arbitraries.integers().between(0, 6),
            Arbitraries.integers().between(0, 999), Arbitraries.integers().between(0, 999), extraTop)
        .as((lines, kind, a, b, extra) -> {
          List<List<String>> m = new ArrayList<>();
          for (List<String> l : lines) {
            m.add(new ArrayList<>(l));
          }
          if (!m.isEmpty()) {
            List<String> line = m.get(a % m.size());
            switch (kind) {
              case 0 -> line.set(b % 5, JUNK[a % JUNK.length]);
              case 1 -> line.set(b % 5, line.get(b % 5) + JUNK[a % JUNK.length]);
              case 2 -> m.add(b % (m.size() + 1), new ArrayList<>(line));
              case 3 -> java.util.Collections.swap(m, a % m.size(), b % m.size());
              case 4 -> m.remove(a % m.size());
              case 5 -> line.add(b % (line.size() + 1), JUNK[a % JUNK.length]);
              default -> line.remove(b % line.size());
            }
          }
          return new Case(render(m), kind == 6 && a % 7 == 0 ? b % 3 : 6 + extra, -1);
        });
    Arbitrary<Case> random = Combinators.combine(
            Arbitraries.bytes().array(byte[].class).ofMaxSize(120), Arbitraries.integers().between(0, 5))
        .as((bytes, top) -> new Case(bytes, top, -1));
    Arbitrary<Case> text = Arbitraries.strings().withChars("\t\n~a1*-.e").ofMaxLength(80)
        .map(s -> new Case(s.getBytes(StandardCharsets.UTF_8), 5, -1));
    return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(1, text), Tuple.of(2, valid), Tuple.of(5, mutated));
  }

  @Override
  public void check(Case c) {
    RankingLineChecker checker = new RankingLineChecker(c.top());
    checker.startFile(PART);
    int end;
    try {
      end = checker.checkLines(c.bytes(), 0, c.bytes().length);
    } catch (SalesRankException e) {
      String message = e.getMessage();
      if (c.rows() >= 0) {
        throw new AssertionError("refused a valid ranking: " + message);
      }
      if (message == null || !message.startsWith(PREFIX) || message.contains("~")
          || !message.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
        throw new AssertionError("not one printable line naming the file, or echoes a bad field: "
            + FuzzTarget.escape(String.valueOf(message), 400));
      }
      return;
    }
    int lastLineEnd = 0;
    for (int i = 0; i < c.bytes().length; i++) {
      if (c.bytes()[i] == '\n') {
        lastLineEnd = i + 1;
      }
    }
    if (end != lastLineEnd) {
      throw new AssertionError("checked up to " + end + ", the last line ends at " + lastLineEnd);
    }
    if (c.rows() >= 0 && checker.rows() != c.rows()) {
      throw new AssertionError("a valid ranking of " + c.rows() + " rows counted " + checker.rows());
    }
  }

  @Override
  public String show(Case c) {
    return c.toString();
  }
}
