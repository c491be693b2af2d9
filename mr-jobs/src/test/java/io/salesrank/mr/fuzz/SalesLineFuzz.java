package io.salesrank.mr.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.salesrank.mr.input.Malformed;
import io.salesrank.mr.input.SalesLineParser.Format;
import io.salesrank.mr.input.SalesLineParser.Result;
import io.salesrank.mr.input.SalesLineParser;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzzing of the sales-line parser (docs/input.md). Inputs: random bytes, random text over the
 * characters that matter, valid lines, and valid lines with mutations (fields added or dropped, bad and
 * edge timestamps, out-of-range quantities, quotes, whitespace, non-ASCII and invalid UTF-8, long fields,
 * truncation). Properties, on every input: no exception; exactly one result, and the one an independent
 * reference classifier (regular expressions and java.time) gives, with the same reason for a malformed
 * line and the same values for a sale; a sale's timestamp within the range the formats can express and
 * its quantity within 9 digits; a valid generated line parses to the generated values; and no reason
 * names a customer, seller or buyer id of the line.
 */
public final class SalesLineFuzz implements FuzzTarget<SalesLineFuzz.Case> {

  /** The sale a valid line was generated from. */
  public record Expected(long millis, String product, String category, int qty) {
  }

  /** One line to parse; {@code expected} is null unless it was generated valid and left unmutated. */
  public record Case(Format format, byte[] line, Expected expected, List<String> secrets) {
    @Override
    public String toString() {
      return shown(this);
    }
  }

  /** A line still as fields, before rendering. */
  record Line(Format format, List<String> fields, List<Boolean> quoted, Expected expected, List<String> secrets) {
  }

  /** One mutation: what to do, and three numbers choosing where and with what. */
  record Mutation(int kind, int a, int b, int c) {
  }

  // The earliest and latest instants the formats can write: 0000-01-01T00:00+18:00 and
  // 9999-12-31T23:59:59.999-18:00; epoch forms lie between 0 and 13 digits of milliseconds.
  static final long MIN_MILLIS = OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(18))
      .toInstant().toEpochMilli();
  static final long MAX_MILLIS = Math.max(9_999_999_999_999L,
      OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.ofHours(-18)).toInstant().toEpochMilli());

  private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-";
  private static final Pattern SECRET = Pattern.compile("(CUST|SELL|BUY)-[A-Za-z0-9]*");

  private static final String[] BAD_TIMESTAMPS = {
      "2026-02-29T10:00:00Z", "2100-02-29T10:00:00Z", "1900-02-29T00:00:00Z", "2000-02-29T23:59:59Z",
      "2024-02-29T12:00:00+01:00", "2026-04-31T00:00:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
      "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2016-12-31T23:59:60Z", "2026-11-22T24:00:00Z",
      "2026-11-22T23:60:00Z", "2026-11-22T13:05:09", "2026-11-22t13:05:09z", "2026-11-22 13:05:09Z",
      "2026-11-22T13:05Z", "2026-11-22T13:05:09.Z", "2026-11-22T13:05:09.1234567890Z",
      "2026-11-22T13:05:09+18:00", "2026-11-22T13:05:09-18:00", "2026-11-22T13:05:09+18:01",
      "2026-11-22T13:05:09+18:59", "2026-11-22T13:05:09-18:30", "2026-11-22T13:05:09+19:00",
      "2026-11-22T13:05:09+05:30", "2026-11-22T13:05:09+0530", "2026-11-22T13:05:09+05", "2026-11-22T13:05:09+05:60",
      "2026-11-22T13:05:09+24:00", "2026-11-22T13:05:09UTC", "+2026-11-22T13:05:09Z", "-0001-11-22T13:05:09Z",
      "12026-11-22T13:05:09Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00+18:00",
      "9999-12-31T23:59:59-18:00", "2026-11-22T13:05:09.250+02:00", "\u0662\u0660\u0662\u0666-11-22T13:05:09Z",
      "２０２６-11-22T13:05:09Z", "", " ", "0", "99999999999", "999999999999", "9999999999999", "99999999999999",
      "-1", "+1", "1e9", "1.5", "0x10", "1764000000 ", " 1764000000", "timestamp", "TIMESTAMP", "Timestamp ",
      "2026-11-22T13:05:09.5-00:00", "2026-11-22T13:05:09Z\u0000", "2026-11-22T13:05:09\u00a0Z",
  };
  private static final String[] BAD_QUANTITIES = {
      "", "-", "+", "--1", "+-1", "0", "-0", "+0", "999999999", "-999999999", "+999999999", "1000000000",
      "-1000000000", "0000000001", "000000001", "2147483648", "-2147483648", "99999999999999999999", "1.5",
      "1e3", " 1", "1 ", "\u0661", "１", "0x1", "1_000", "NaN",
  };
  private static final String[] INSERTS = {
      "\u00e9", "\u20ac", "\uD83D\uDE00", "\"", "\"\"", ",", "\t", " ", "\u0000", "\r", "\n", "\\", "\uFEFF",
      "\u00a0", "'", "#",
  };
  private static final byte[][] BAD_UTF8 = {
      {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF4, (byte) 0x90, 0x00},
      {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
  };

  @Override
  public String name() {
    return "sales-line";
  }

  @Override
  public Arbitrary<Case> inputs() {
    Arbitrary<Format> formats = Arbitraries.of(Format.class);
    Arbitrary<Case> randomBytes = Combinators.combine(formats, Arbitraries.bytes().array(byte[].class).ofMaxSize(160))
        .as((f, b) -> new Case(f, b, null, List.of()));
    Arbitrary<Case> randomText = Combinators.combine(formats,
            Arbitraries.strings().withChars(",\t\"0123456789-+:.TZtz aA_\u00e9\uFFFD").ofMaxLength(120))
        .as((f, s) -> new Case(f, s.getBytes(StandardCharsets.UTF_8), null, List.of()));
    Arbitrary<Case> valid = validLines().map(SalesLineFuzz::render);
    Arbitrary<Case> mutated = Combinators.combine(validLines(), mutations().list().ofMinSize(1).ofMaxSize(3))
        .as(SalesLineFuzz::mutate);
    return Arbitraries.frequencyOf(
        Tuple.of(1, randomBytes), Tuple.of(1, randomText), Tuple.of(2, valid), Tuple.of(5, mutated));
  }

  /** Valid lines of either format, every field optionally quoted in CSV. */
  static Arbitrary<Line> validLines() {
    Arbitrary<String> ids = Arbitraries.strings().withChars(ID_CHARS).ofMinLength(1).ofMaxLength(64);
    Arbitrary<String> secrets = Arbitraries.strings().withChars("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
        .ofMinLength(6).ofMaxLength(12);
    Arbitrary<Integer> qty = Arbitraries.integers().between(-999_999_999, 999_999_999)
        .edgeCases(e -> e.add(0, 1, -1, 999_999_999, -999_999_999));
    Arbitrary<String> price = Arbitraries.oneOf(
        Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(-1e6), java.math.BigDecimal.valueOf(1e6))
            .ofScale(2).map(d -> d.toPlainString()),
        Arbitraries.strings().withChars("0123456789.-abc ").ofMaxLength(12));
    return Builders.withBuilder(LineBuilder::new)
        .use(Arbitraries.of(Format.class)).in((b, v) -> { b.format = v; return b; })
        .use(timestamps()).in((b, v) -> { b.timestamp = v; return b; })
        .use(ids).in((b, v) -> { b.product = v; return b; })
        .use(ids).in((b, v) -> { b.category = v; return b; })
        .use(qty).in((b, v) -> { b.qty = v; return b; })
        .use(Arbitraries.integers().between(0, 3)).in((b, v) -> { b.qtyStyle = v; return b; })
        .use(price).in((b, v) -> { b.price = v; return b; })
        .use(secrets.list().ofSize(2)).in((b, v) -> { b.secrets = v; return b; })
        .use(Arbitraries.integers().between(0, 127)).in((b, v) -> { b.quoteMask = v; return b; })
        .build(LineBuilder::build);
  }

  /** A timestamp as written, and its instant in epoch milliseconds by java.time (floor). */
  record Timestamp(String text, long millis) {
  }

  static Arbitrary<Timestamp> timestamps() {
    Arbitrary<Timestamp> iso = Combinators.combine(
            Arbitraries.integers().between(0, 9999).edgeCases(e -> e.add(0, 1600, 1900, 2000, 2024, 2100, 9999)),
            Arbitraries.integers().between(1, 12),
            Arbitraries.integers().between(1, 31).edgeCases(e -> e.add(28, 29, 30, 31)),
            Arbitraries.integers().between(0, 86_399),
            Arbitraries.strings().numeric().ofMaxLength(9),
            Arbitraries.integers().between(-18 * 60, 18 * 60).edgeCases(e -> e.add(0, 18 * 60, -18 * 60)),
            Arbitraries.of(true, false))
        .as((year, month, day, secondOfDay, fraction, offsetMinutes, zulu) -> {
          int d = Math.min(day, YearMonth.of(year, month).lengthOfMonth());
          String frac = fraction.isEmpty() ? "" : "." + fraction;
          int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
          ZoneOffset offset = zulu ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
          LocalDateTime local = LocalDateTime.of(year, month, d, secondOfDay / 3600, secondOfDay / 60 % 60,
              secondOfDay % 60, nanos);
          String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", year, month, d, local.getHour(),
              local.getMinute(), local.getSecond(), frac, zulu ? "Z" : offsetText(offsetMinutes));
          return new Timestamp(text, OffsetDateTime.of(local, offset).toInstant().toEpochMilli());
        });
    Arbitrary<Timestamp> seconds = Combinators.combine(
            Arbitraries.longs().between(0, 99_999_999_999L).edgeCases(e -> e.add(0L, 99_999_999_999L)),
            Arbitraries.integers().between(0, 10))
        .as((s, pad) -> {
          String text = Long.toString(s);
          text = "0".repeat(Math.max(0, Math.min(11, text.length() + pad) - text.length())) + text;
          return new Timestamp(text, Instant.ofEpochSecond(s).toEpochMilli());
        });
    Arbitrary<Timestamp> millis = Arbitraries.longs().between(100_000_000_000L, 9_999_999_999_999L)
        .map(m -> new Timestamp(Long.toString(m), m));
    return Arbitraries.frequencyOf(Tuple.of(5, iso), Tuple.of(1, seconds), Tuple.of(1, millis));
  }

  private static String offsetText(int minutes) {
    int abs = Math.abs(minutes);
    return String.format("%s%02d:%02d", minutes < 0 ? "-" : "+", abs / 60, abs % 60);
  }

  static final class LineBuilder {
    Format format;
    Timestamp timestamp;
    String product;
    String category;
    int qty;
    int qtyStyle;
    String price;
    List<String> secrets;
    int quoteMask;

    Line build() {
      String q = Integer.toString(qty);
      if (qty >= 0 && qtyStyle == 1) {
        q = "+" + q;
      } else if (qtyStyle == 2 && Integer.toString(Math.abs(qty)).length() < 9) {
        q = (qty < 0 ? "-0" : "0") + Math.abs(qty);
      }
      List<String> fields = new ArrayList<>(List.of(timestamp.text(), product, category, q, price));
      List<String> ids = new ArrayList<>();
      if (format == Format.CSV) {
        ids.add("CUST-" + secrets.get(0));
      } else {
        ids.add("SELL-" + secrets.get(0));
        ids.add("BUY-" + secrets.get(1));
      }
      fields.addAll(ids);
      List<Boolean> quoted = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        quoted.add(format == Format.CSV && (quoteMask & (1 << i)) != 0);
      }
      return new Line(format, fields, quoted, new Expected(timestamp.millis(), product, category, qty), ids);
    }
  }

  static Arbitrary<Mutation> mutations() {
    return Combinators.combine(Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 9999),
        Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 9999)).as(Mutation::new);
  }

  static Case render(Line line) {
    return new Case(line.format(), bytes(line), line.expected(), line.secrets());
  }

  private static byte[] bytes(Line line) {
    StringBuilder out = new StringBuilder();
    char sep = line.format() == Format.CSV ? ',' : '\t';
    for (int i = 0; i < line.fields().size(); i++) {
      if (i > 0) {
        out.append(sep);
      }
      boolean quote = i < line.quoted().size() && line.quoted().get(i);
      out.append(quote ? "\"" + line.fields().get(i).replace("\"", "\"\"") + "\"" : line.fields().get(i));
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Applies the field mutations, renders, then the byte mutations; the result has no expected sale. */
  static Case mutate(Line line, List<Mutation> mutations) {
    List<String> fields = new ArrayList<>(line.fields());
    List<Boolean> quoted = new ArrayList<>(line.quoted());
    Format format = line.format();
    List<Mutation> byteMutations = new ArrayList<>();
    for (Mutation m : mutations) {
      int n = fields.size();
      switch (m.kind()) {
        case 0 -> { // drop a field
          if (n > 0) {
            int i = m.a() % n;
            fields.remove(i);
            quoted.remove(i);
          }
        }
        case 1 -> { // an extra field: a copy of one, or empty
          int i = m.a() % (n + 1);
          fields.add(i, n == 0 || m.b() % 3 == 0 ? "" : fields.get(m.c() % n));
          quoted.add(i, m.b() % 2 == 0);
        }
        case 2 -> set(fields, 0, BAD_TIMESTAMPS[m.a() % BAD_TIMESTAMPS.length]);
        case 3 -> set(fields, 3, BAD_QUANTITIES[m.a() % BAD_QUANTITIES.length]);
        case 4 -> { // whitespace around a field
          if (n > 0) {
            int i = m.a() % n;
            String ws = m.b() % 2 == 0 ? " " : "\t";
            fields.set(i, m.c() % 2 == 0 ? ws + fields.get(i) : fields.get(i) + ws);
          }
        }
        case 5 -> { // a long field
          if (n > 0) {
            String unit = m.c() % 3 == 0 ? "7" : m.c() % 3 == 1 ? "a" : "\u00e9";
            fields.set(m.a() % n, unit.repeat(60 + m.b() % 4000));
          }
        }
        case 6 -> { // an empty field
          if (n > 0) {
            fields.set(m.a() % n, "");
          }
        }
        case 7 -> { // quote a field, or not
          if (n > 0) {
            int i = m.a() % n;
            quoted.set(i, !quoted.get(i));
          }
        }
        case 8 -> format = format == Format.CSV ? Format.TSV : Format.CSV; // read with the other format
        case 9 -> set(fields, 0, "timestamp".substring(0, 1 + m.a() % 9)
            + (m.b() % 2 == 0 ? "" : BAD_TIMESTAMPS[m.c() % BAD_TIMESTAMPS.length]));
        case 10 -> { // a leap day, a leap second, an offset at the edge
          int year = m.a() % 10000;
          String[] forms = {
              String.format("%04d-02-29T00:00:00Z", year), String.format("%04d-12-31T23:59:60Z", year),
              String.format("%04d-06-30T23:59:60+00:00", year),
              String.format("%04d-01-01T00:00:00%s", year, offsetText(m.b() % 1200 - 600)),
              String.format("%04d-01-01T00:00:00+%02d:%02d", year, m.b() % 25, m.c() % 61)};
          set(fields, 0, forms[m.c() % forms.length]);
        }
        default -> byteMutations.add(m);
      }
    }
    byte[] bytes = bytes(new Line(format, fields, quoted, null, line.secrets()));
    for (Mutation m : byteMutations) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = bytes.length == 0 ? 0 : m.a() % (bytes.length + 1);
      switch (m.kind()) {
        case 11 -> { // insert text
          out.write(bytes, 0, at);
          out.writeBytes(INSERTS[m.b() % INSERTS.length].getBytes(StandardCharsets.UTF_8));
          out.write(bytes, at, bytes.length - at);
        }
        case 12 -> { // insert invalid UTF-8
          out.write(bytes, 0, at);
          out.writeBytes(BAD_UTF8[m.b() % BAD_UTF8.length]);
          out.write(bytes, at, bytes.length - at);
        }
        case 13 -> out.write(bytes, 0, at); // truncate
        default -> { // overwrite one byte
          out.writeBytes(bytes);
          if (bytes.length > 0) {
            byte[] b = out.toByteArray();
            b[m.a() % b.length] = (byte) m.b();
            out.reset();
            out.writeBytes(b);
          }
        }
      }
      bytes = out.toByteArray();
    }
    return new Case(format, bytes, null, line.secrets());
  }

  private static void set(List<String> fields, int i, String value) {
    if (i < fields.size()) {
      fields.set(i, value);
    }
  }

  private final SalesLineParser csv = new SalesLineParser(Format.CSV);
  private final SalesLineParser tsv = new SalesLineParser(Format.TSV);

  @Override
  public void check(Case c) {
    SalesLineParser parser = c.format() == Format.CSV ? csv : tsv;
    // Parse a copy with trailing garbage past the length: the parser must not read beyond it.
    byte[] padded = java.util.Arrays.copyOf(c.line(), c.line().length + 3);
    padded[padded.length - 3] = ',';
    padded[padded.length - 2] = '\t';
    padded[padded.length - 1] = '"';
    Result result = parser.parse(padded, c.line().length);
    Reference ref = reference(c.format(), c.line());
    if (result == null) {
      throw new AssertionError("no result");
    }
    if (result != ref.result() || parser.malformed() != ref.reason()) {
      throw new AssertionError("parser says " + result + "/" + parser.malformed() + ", the reference "
          + ref.result() + "/" + ref.reason());
    }
    if (result == Result.MALFORMED) {
      Malformed reason = parser.malformed();
      if (reason.description() == null || reason.description().isBlank()) {
        throw new AssertionError("malformed without a reason");
      }
      for (String secret : c.secrets()) {
        if (reason.description().contains(secret) || reason.toString().contains(secret)) {
          throw new AssertionError("the reason names a customer, seller or buyer id");
        }
      }
    } else if (parser.malformed() != null) {
      throw new AssertionError(result + " with a malformed reason");
    }
    if (result == Result.SALE) {
      String product = new String(parser.bytes(), parser.productStart(), parser.productLength(), StandardCharsets.ISO_8859_1);
      String category = new String(parser.bytes(), parser.categoryStart(), parser.categoryLength(),
          StandardCharsets.ISO_8859_1);
      Expected got = new Expected(parser.timestampMillis(), product, category, parser.quantity());
      if (!got.equals(ref.sale())) {
        throw new AssertionError("parser read " + got.millis() + "/" + got.qty() + ", the reference "
            + ref.sale().millis() + "/" + ref.sale().qty());
      }
      if (got.millis() < MIN_MILLIS || got.millis() > MAX_MILLIS) {
        throw new AssertionError("timestamp out of range: " + got.millis());
      }
      if (Math.abs((long) got.qty()) > 999_999_999L || product.isEmpty() || category.isEmpty()) {
        throw new AssertionError("quantity or id out of bounds");
      }
    }
    if (c.expected() != null) {
      if (result != Result.SALE) {
        throw new AssertionError("a valid line parsed as " + result + "/" + parser.malformed());
      }
      if (!c.expected().equals(ref.sale())) {
        throw new AssertionError("a valid line parsed to other values: " + ref.sale().millis() + "/"
            + ref.sale().qty() + ", generated " + c.expected().millis() + "/" + c.expected().qty());
      }
    }
  }

  /** What the reference makes of a line. */
  record Reference(Result result, Malformed reason, Expected sale) {
  }

  private static final Pattern CSV_FIELD = Pattern.compile("\"((?:[^\"]++|\"\")*+)\"|([^\",][^,]*+)|");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern QTY = Pattern.compile("[+-]?([0-9]{1,9})");
  private static final Pattern EPOCH = Pattern.compile("[0-9]{1,13}");
  private static final Pattern ISO = Pattern.compile(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

  /** docs/input.md read plainly: each byte a char, regular expressions, java.time. */
  static Reference reference(Format format, byte[] line) {
    String text = new String(line, StandardCharsets.ISO_8859_1);
    if (text.chars().allMatch(ch -> ch == ' ' || ch == '\t')) {
      return new Reference(Result.EMPTY, null, null);
    }
    List<String> fields = new ArrayList<>();
    if (format == Format.TSV) {
      fields.addAll(List.of(text.split("\t", -1)));
    } else {
      Matcher m = CSV_FIELD.matcher(text);
      int at = 0;
      while (true) {
        m.region(at, text.length());
        if (!m.lookingAt()) {
          return new Reference(Result.MALFORMED, Malformed.BAD_QUOTING, null);
        }
        fields.add(m.group(1) != null ? m.group(1) : m.group(0));
        at = m.end();
        if (at == text.length()) {
          break;
        }
        if (text.charAt(at) != ',') {
          return new Reference(Result.MALFORMED, Malformed.BAD_QUOTING, null);
        }
        at++;
        if (at == text.length()) {
          fields.add("");
          break;
        }
      }
    }
    if (fields.get(0).equalsIgnoreCase("timestamp")) {
      return new Reference(Result.HEADER, null, null);
    }
    if (fields.size() != (format == Format.CSV ? 6 : 7)) {
      return new Reference(Result.MALFORMED, Malformed.FIELD_COUNT, null);
    }
    Long millis = timestamp(fields.get(0));
    if (millis == null) {
      return new Reference(Result.MALFORMED, Malformed.BAD_TIMESTAMP, null);
    }
    if (!ID.matcher(fields.get(1)).matches()) {
      return new Reference(Result.MALFORMED, Malformed.BAD_PRODUCT_ID, null);
    }
    if (!ID.matcher(fields.get(2)).matches()) {
      return new Reference(Result.MALFORMED, Malformed.BAD_CATEGORY_ID, null);
    }
    if (!QTY.matcher(fields.get(3)).matches()) {
      return new Reference(Result.MALFORMED, Malformed.BAD_QUANTITY, null);
    }
    int qty = Integer.parseInt(fields.get(3));
    return new Reference(Result.SALE, null, new Expected(millis, fields.get(1), fields.get(2), qty));
  }

  /** Epoch milliseconds by java.time, floored; null when the field is not a timestamp. */
  static Long timestamp(String field) {
    if (EPOCH.matcher(field).matches()) {
      long value = Long.parseLong(field);
      return field.length() <= 11 ? Instant.ofEpochSecond(value).toEpochMilli() : value;
    }
    if (!ISO.matcher(field).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(field, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      return null;
    }
  }

  @Override
  public String show(Case c) {
    return shown(c);
  }

  static String shown(Case c) {
    String text = new String(c.line(), StandardCharsets.ISO_8859_1);
    for (String secret : c.secrets()) {
      text = text.replace(secret, "<id>");
    }
    text = SECRET.matcher(text).replaceAll("$1-<id>");
    return c.format() + " \"" + FuzzTarget.escape(text, 400) + "\"";
  }
}
