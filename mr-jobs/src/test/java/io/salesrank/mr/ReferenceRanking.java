package io.salesrank.mr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.rules.RankingPolicy;

/**
 * The contract's ranking computed the plain way, for comparison with the pipeline: regular
 * expressions and java.time for parsing, exact decimal sums, a sort per category. It shares no
 * code with the production path.
 */
public final class ReferenceRanking {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern QTY = Pattern.compile("[+-]?\\d{1,9}");
  private static final Pattern EPOCH = Pattern.compile("\\d{1,13}");
  private static final Pattern ISO = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern CSV_FIELD = Pattern.compile("\"((?:[^\"]|\"\")*)\"|([^,\"]*)");
  private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH");

  /**
   * The rules of docs/ranking-rules.md beside the policy: count orders instead of units, each category's
   * parent (a line also counts in every ancestor), and the fallback of categories under
   * {@code minProducts} products (0: off) to the first of {@code fallbackHours} that gives them that many;
   * and each variant's parent product, whose sales a variant's count as.
   */
  public record Rules(boolean orders, Map<String, String> parents, int minProducts, List<Integer> fallbackHours,
      Map<String, String> productParents) {

    public static final Rules NONE = new Rules(false, Map.of(), 0, List.of());

    public Rules(boolean orders, Map<String, String> parents, int minProducts, List<Integer> fallbackHours) {
      this(orders, parents, minProducts, fallbackHours, Map.of());
    }

    /** These rules with variants rolled up to {@code productParents}. */
    public Rules withProductParents(Map<String, String> productParents) {
      return new Rules(orders, parents, minProducts, fallbackHours, productParents);
    }
  }

  /** A ranking's rows and the categories ranked over a fallback span, with that span. */
  public record Result(List<RankedRow> rows, Map<String, Integer> fallbacks) {
  }

  private final Map<String, Map<String, BigDecimal>> scores = new TreeMap<>();
  private final Map<String, Map<String, Long>> units = new HashMap<>();
  private final Rules rules;
  long malformed;

  private ReferenceRanking(Rules rules) {
    this.rules = rules;
  }

  private ReferenceRanking() {
    this(Rules.NONE);
  }

  /** Parents by category from a tree file: {@code category TAB parent}, {@code #} comments, empty lines. */
  public static Map<String, String> parents(Path treeFile) throws IOException {
    Map<String, String> parents = new HashMap<>();
    for (String line : Files.readAllLines(treeFile)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length > 1 && !f[1].isEmpty()) {
        parents.put(f[0], f[1]);
      }
    }
    return parents;
  }

  /** Each variant's parent from a product parent file: {@code product TAB parent}, {@code #} comments, empty lines. */
  public static Map<String, String> productParents(Path file) throws IOException {
    Map<String, String> parents = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] f = line.split("\t");
        parents.put(f[0], f[1]);
      }
    }
    return parents;
  }

  /**
   * As of {@code end} by {@code policy} and {@code rules}: each span read on its own, each category
   * ranked over the first span with enough products above zero, or over the longest.
   */
  public static Result computeAt(Path root, Instant end, RankingPolicy policy, Rules rules, int top)
      throws IOException {
    List<ReferenceRanking> spans = new ArrayList<>();
    List<Integer> hours = new ArrayList<>();
    hours.add(policy.spanHours());
    if (rules.minProducts() > 0) {
      hours.addAll(rules.fallbackHours());
    }
    for (int h : hours) {
      ReferenceRanking r = new ReferenceRanking(rules);
      r.read(root, end, policy.kind() == RankingPolicy.Kind.WINDOW
          ? RankingPolicy.window(h) : RankingPolicy.decay(policy.halfLifeHours(), h));
      spans.add(r);
    }
    java.util.SortedSet<String> categories = new java.util.TreeSet<>();
    spans.forEach(r -> categories.addAll(r.scores.keySet()));
    List<RankedRow> rows = new ArrayList<>();
    Map<String, Integer> fallbacks = new TreeMap<>();
    for (String category : categories) {
      int chosen = spans.size() - 1;
      for (int i = 0; i < spans.size(); i++) {
        long positive = spans.get(i).scores.getOrDefault(category, Map.of()).values().stream()
            .filter(v -> v.signum() > 0).count();
        if (positive >= rules.minProducts()) {
          chosen = i;
          break;
        }
      }
      List<RankedRow> ranked = spans.get(chosen).rank(category, top);
      rows.addAll(ranked);
      if (chosen > 0 && !ranked.isEmpty()) {
        fallbacks.put(category, hours.get(chosen));
      }
    }
    return new Result(rows, fallbacks);
  }

  /**
   * A trend as of {@code end} (docs/ranking-rules.md), read as two plain windows: units over the last
   * {@code T} hours, score those units (or orders) minus the {@code T} hours before, products with at
   * least {@code minUnits} units now and a score above zero, ranked as any other.
   */
  public static List<RankedRow> computeTrend(Path root, Instant end, int trendHours, long minUnits, Rules rules,
      int top) throws IOException {
    ReferenceRanking recent = new ReferenceRanking(rules);
    recent.read(root, end, RankingPolicy.window(trendHours));
    ReferenceRanking both = new ReferenceRanking(rules);
    both.read(root, end, RankingPolicy.window(2 * trendHours));
    ReferenceRanking trend = new ReferenceRanking(rules);
    for (Map.Entry<String, Map<String, BigDecimal>> c : both.scores.entrySet()) {
      Map<String, BigDecimal> now = recent.scores.getOrDefault(c.getKey(), Map.of());
      Map<String, Long> unitsNow = recent.units.getOrDefault(c.getKey(), Map.of());
      for (Map.Entry<String, BigDecimal> p : c.getValue().entrySet()) {
        BigDecimal n = now.getOrDefault(p.getKey(), BigDecimal.ZERO);
        BigDecimal before = p.getValue().subtract(n);
        long u = unitsNow.getOrDefault(p.getKey(), 0L);
        if (u >= minUnits) {
          trend.scores.computeIfAbsent(c.getKey(), k -> new HashMap<>()).put(p.getKey(), n.subtract(before));
          trend.units.computeIfAbsent(c.getKey(), k -> new HashMap<>()).put(p.getKey(), u);
        }
      }
    }
    return trend.rank(top);
  }

  /** Rows in category order, then rank order. */
  public static List<RankedRow> compute(Path root, Instant hour, RankingPolicy policy, int top) throws IOException {
    return computeAt(root, hour.plus(1, ChronoUnit.HOURS), policy, top);
  }

  /** As of {@code end}, any minute: the hour directories overlapping the window are read. */
  public static List<RankedRow> computeAt(Path root, Instant end, RankingPolicy policy, int top) throws IOException {
    ReferenceRanking r = new ReferenceRanking();
    r.read(root, end, policy);
    return r.rank(top);
  }

  static long malformedLines(Path root, Instant hour, RankingPolicy policy) throws IOException {
    ReferenceRanking r = new ReferenceRanking();
    r.read(root, hour.plus(1, ChronoUnit.HOURS), policy);
    return r.malformed;
  }

  /** True when the line at {@code offset} of {@code file} breaks a rule of docs/input.md. */
  public static boolean isMalformedAt(Path file, long offset) throws IOException {
    String line = readLines(file).stream().filter(l -> l.offset == offset).findFirst().orElseThrow().text;
    return parse(file.getFileName().toString(), line) == null && !isSkipped(file.getFileName().toString(), line);
  }

  private void read(Path root, Instant end, RankingPolicy policy) throws IOException {
    Instant start = end.minus(policy.spanHours(), ChronoUnit.HOURS);
    for (Instant h = start.truncatedTo(ChronoUnit.HOURS); h.isBefore(end); h = h.plus(1, ChronoUnit.HOURS)) {
      Path dir = root.resolve(HOUR_DIR.format(h.atOffset(ZoneOffset.UTC)));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = s.filter(f -> !f.getFileName().toString().startsWith("_")
            && !f.getFileName().toString().startsWith(".")).toList();
      }
      for (Path file : files) {
        for (Line line : readLines(file)) {
          String name = file.getFileName().toString();
          if (isSkipped(name, line.text)) {
            continue;
          }
          Sale sale = parse(name, line.text);
          if (sale == null) {
            malformed++;
            continue;
          }
          if (sale.time.isBefore(start) || !sale.time.isBefore(end)) {
            continue;
          }
          BigDecimal weight = policy.kind() == RankingPolicy.Kind.WINDOW
              ? BigDecimal.ONE
              : new BigDecimal(Math.pow(2, -(end.toEpochMilli() - sale.time.toEpochMilli()) / (double) java.time.Duration.ofHours(1).toMillis()
                  / policy.halfLifeHours()));
          BigDecimal score = weight.multiply(BigDecimal.valueOf(rules.orders() ? Integer.signum(sale.qty) : sale.qty));
          List<String> categories = new ArrayList<>();
          for (String c = sale.category; c != null; c = rules.parents().get(c)) {
            categories.add(c);
          }
          categories.add("*");
          String product = rules.productParents().getOrDefault(sale.product, sale.product);
          for (String category : categories) {
            scores.computeIfAbsent(category, c -> new HashMap<>()).merge(product, score, BigDecimal::add);
            units.computeIfAbsent(category, c -> new HashMap<>()).merge(product, (long) sale.qty, Long::sum);
          }
        }
      }
    }
  }

  private List<RankedRow> rank(int top) {
    List<RankedRow> rows = new ArrayList<>();
    for (String category : scores.keySet()) {
      rows.addAll(rank(category, top));
    }
    return rows;
  }

  private List<RankedRow> rank(String category, int top) {
    List<RankedRow> rows = new ArrayList<>();
    List<Map.Entry<String, BigDecimal>> ranked = scores.getOrDefault(category, Map.of()).entrySet().stream()
        .filter(e -> e.getValue().signum() > 0)
        .sorted(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(top)
        .toList();
    int rank = 0;
    for (Map.Entry<String, BigDecimal> e : ranked) {
      rows.add(new RankedRow(category, ++rank, e.getKey(), units.get(category).get(e.getKey()),
          e.getValue().doubleValue()));
    }
    return rows;
  }

  private record Line(long offset, String text) {
  }

  private record Sale(Instant time, String product, String category, int qty) {
  }

  private static List<Line> readLines(Path file) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (InputStream raw = Files.newInputStream(file);
         InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      long offset = 0;
      String text;
      while ((text = reader.readLine()) != null) {
        lines.add(new Line(offset, text));
        offset += text.getBytes(StandardCharsets.UTF_8).length + 1;
      }
    }
    return lines;
  }

  private static boolean isCsv(String name) {
    return name.replaceFirst("\\.gz$", "").toLowerCase().endsWith(".csv");
  }

  private static boolean isSkipped(String name, String line) {
    if (line.isBlank()) {
      return true;
    }
    List<String> fields = fields(name, line);
    return fields != null && !fields.isEmpty() && fields.get(0).equalsIgnoreCase("timestamp");
  }

  private static List<String> fields(String name, String line) {
    if (!isCsv(name)) {
      return List.of(line.split("\t", -1));
    }
    List<String> fields = new ArrayList<>();
    Matcher m = CSV_FIELD.matcher(line);
    int at = 0;
    while (true) {
      if (!m.find(at) || m.start() != at) {
        return null;
      }
      fields.add(m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2));
      at = m.end();
      if (at == line.length()) {
        return fields;
      }
      if (line.charAt(at) != ',') {
        return null;
      }
      at++;
      if (at == line.length()) {
        fields.add("");
        return fields;
      }
    }
  }

  private static Sale parse(String name, String line) {
    List<String> f = fields(name, line);
    if (f == null || f.size() != (isCsv(name) ? 6 : 7)) {
      return null;
    }
    Instant time;
    if (EPOCH.matcher(f.get(0)).matches()) {
      long v = Long.parseLong(f.get(0));
      time = f.get(0).length() <= 11 ? Instant.ofEpochSecond(v) : Instant.ofEpochMilli(v);
    } else if (ISO.matcher(f.get(0)).matches()) {
      try {
        time = OffsetDateTime.parse(f.get(0)).toInstant();
      } catch (RuntimeException e) {
        return null;
      }
    } else {
      return null;
    }
    if (!ID.matcher(f.get(1)).matches() || !ID.matcher(f.get(2)).matches() || !QTY.matcher(f.get(3)).matches()) {
      return null;
    }
    return new Sale(time, f.get(1), f.get(2), Integer.parseInt(f.get(3)));
  }
}
