package io.salesrank.mr.input;

import java.util.Locale;

import io.salesrank.shared.Ids;
import org.apache.hadoop.io.Text;

/**
 * Parses one sales line (docs/input.md) in place over its UTF-8 bytes.
 *
 * <p>One instance per mapper: {@link #parse} fills fields of this object and allocates nothing.
 * Only the fields the ranking needs are exposed; the customer, seller and buyer ids are counted
 * as fields but never read, so they cannot leak past the mapper.
 */
public final class SalesLineParser {

  /** Line format, chosen by file name. */
  public enum Format {
    /** {@code timestamp,product_id,category_id,qty,total_price,customer_id}, optionally quoted. */
    CSV((byte) ',', 6),
    /** {@code timestamp product_id category_id qty total_price seller_id buyer_id}, TAB separated. */
    TSV((byte) '\t', 7);

    final byte separator;
    final int fields;

    Format(byte separator, int fields) {
      this.separator = separator;
      this.fields = fields;
    }

    /** {@code *.csv} is CSV, anything else TSV; pass the name without its compression suffix. */
    public static Format forFileName(String name) {
      return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : TSV;
    }

    /** The format of {@code path}'s lines, by its name without a compression suffix ({@code .gz}, ...). */
    public static Format forFile(org.apache.hadoop.io.compress.CompressionCodecFactory codecs,
        org.apache.hadoop.fs.Path path) {
      org.apache.hadoop.io.compress.CompressionCodec codec = codecs.getCodec(path);
      String name = path.getName();
      return forFileName(codec == null ? name
          : org.apache.hadoop.io.compress.CompressionCodecFactory.removeSuffix(name, codec.getDefaultExtension()));
    }
  }

  /** What a line turned out to be. */
  public enum Result { SALE, HEADER, EMPTY, MALFORMED }

  private static final int MAX_QTY_DIGITS = 9;
  private static final byte[] HEADER = "timestamp".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final Format format;
  // Bounds of the fields the ranking reads: 0 timestamp, 1 product, 2 category, 3 qty.
  private final int[] start = new int[4];
  private final int[] end = new int[4];
  private byte[] bytes;
  private long timestampMillis;
  private int quantity;
  private Malformed malformed;
  /** The first 14 bytes of the last ISO instant accepted (two overlapping longs), and its hour's start. */
  private boolean hourKnown;
  private long hourHead;
  private long hourTail;
  private long hourMillis;

  public SalesLineParser(Format format) {
    this.format = format;
  }

  public Result parse(Text line) {
    return parse(line.getBytes(), 0, line.getLength());
  }

  /** Parses {@code b[0, length)}; the accessors then describe the line until the next call. */
  public Result parse(byte[] b, int length) {
    return parse(b, 0, length);
  }

  /**
   * Parses the line {@code b[from, to)} where it lies, copying nothing; the accessors then describe it
   * (positions in {@code b}) until the next call.
   */
  public Result parse(byte[] b, int from, int to) {
    bytes = b;
    malformed = null;
    if (isBlank(b, from, to)) {
      return Result.EMPTY;
    }
    int fields = format == Format.CSV ? splitCsv(b, from, to) : splitTsv(b, from, to);
    if (fields < 0) {
      return malformed(Malformed.BAD_QUOTING);
    }
    if (isHeader()) {
      return Result.HEADER;
    }
    if (fields != format.fields) {
      return malformed(Malformed.FIELD_COUNT);
    }
    if (!parseTimestamp(start[0], end[0])) {
      return malformed(Malformed.BAD_TIMESTAMP);
    }
    if (!Ids.isId(bytes, start[1], end[1])) {
      return malformed(Malformed.BAD_PRODUCT_ID);
    }
    if (!Ids.isId(bytes, start[2], end[2])) {
      return malformed(Malformed.BAD_CATEGORY_ID);
    }
    if (!parseQuantity(start[3], end[3])) {
      return malformed(Malformed.BAD_QUANTITY);
    }
    return Result.SALE;
  }

  /** Milliseconds since the epoch; fractions below a millisecond are truncated (floor). */
  public long timestampMillis() {
    return timestampMillis;
  }

  public int quantity() {
    return quantity;
  }

  /** The reason of the last {@link Result#MALFORMED}, else null. */
  public Malformed malformed() {
    return malformed;
  }

  public byte[] bytes() {
    return bytes;
  }

  public int productStart() {
    return start[1];
  }

  public int productLength() {
    return end[1] - start[1];
  }

  public int categoryStart() {
    return start[2];
  }

  public int categoryLength() {
    return end[2] - start[2];
  }

  private Result malformed(Malformed reason) {
    malformed = reason;
    return Result.MALFORMED;
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Returns the number of fields, recording the first four; -1 on broken quoting. */
  private int splitTsv(byte[] b, int from, int to) {
    int field = 0;
    int fieldStart = from;
    while (true) {
      int tab = ByteScan.indexOf(b, fieldStart, to, (byte) '\t');
      if (field < 4) {
        start[field] = fieldStart;
        end[field] = tab;
      }
      field++;
      if (tab == to) {
        return field;
      }
      fieldStart = tab + 1;
    }
  }

  /**
   * RFC 4180 style: a field wrapped in double quotes may hold separators, and {@code ""} stands for
   * a quote. The recorded bounds exclude the wrapping quotes.
   */
  private int splitCsv(byte[] b, int from, int to) {
    int field = 0;
    int i = from;
    while (true) {
      int fieldStart;
      int fieldEnd;
      if (i < to && b[i] == '"') {
        fieldStart = i + 1;
        int j = fieldStart;
        while (true) {
          if (j >= to) {
            return -1;
          }
          if (b[j] == '"') {
            if (j + 1 < to && b[j + 1] == '"') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        fieldEnd = j;
        i = j + 1;
        if (i < to && b[i] != ',') {
          return -1;
        }
      } else {
        fieldStart = i;
        while (i < to && b[i] != ',') {
          i++;
        }
        fieldEnd = i;
      }
      if (field < 4) {
        start[field] = fieldStart;
        end[field] = fieldEnd;
      }
      field++;
      if (i >= to) {
        return field;
      }
      i++; // past the separator; a trailing separator opens one more (empty) field
    }
  }

  private boolean isHeader() {
    int len = end[0] - start[0];
    if (len != HEADER.length) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if ((bytes[start[0] + i] | 0x20) != HEADER[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean parseQuantity(int from, int to) {
    int i = from;
    boolean negative = false;
    if (i < to && (bytes[i] == '-' || bytes[i] == '+')) {
      negative = bytes[i] == '-';
      i++;
    }
    int digits = to - i;
    if (digits < 1 || digits > MAX_QTY_DIGITS) {
      return false;
    }
    int value = 0;
    for (; i < to; i++) {
      int d = bytes[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      value = value * 10 + d;
    }
    quantity = negative ? -value : value;
    return true;
  }

  private boolean parseTimestamp(int from, int to) {
    int len = to - from;
    if (len >= 1 && len <= 13 && allDigits(from, to)) {
      long value = digits(from, to);
      // Up to 11 digits are epoch seconds, 12 or 13 epoch milliseconds.
      timestampMillis = len <= 11 ? value * 1000L : value;
      return true;
    }
    long millis;
    // The lines of a file mostly share their hour: when the first 14 bytes (YYYY-MM-DDTHH:) are those of
    // the last instant accepted, only the rest is read.
    if (len >= 20 && hourKnown && ByteScan.longAt(bytes, from) == hourHead && ByteScan.longAt(bytes, from + 6) == hourTail) {
      millis = IsoInstant.parseMillisInHour(bytes, from, to, hourMillis);
    } else {
      millis = IsoInstant.parseMillis(bytes, from, to);
      if (millis != IsoInstant.INVALID) {
        hourKnown = true;
        hourHead = ByteScan.longAt(bytes, from);
        hourTail = ByteScan.longAt(bytes, from + 6);
        hourMillis = IsoInstant.hourMillis(bytes, from);
      }
    }
    if (millis == IsoInstant.INVALID) {
      return false;
    }
    timestampMillis = millis;
    return true;
  }

  private boolean allDigits(int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isDigit(bytes[i])) {
        return false;
      }
    }
    return true;
  }

  private long digits(int from, int to) {
    long value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
