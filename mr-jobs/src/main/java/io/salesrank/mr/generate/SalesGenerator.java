package io.salesrank.mr.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import io.salesrank.mr.input.HourLayout;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes synthetic hourly sales logs in the layout and formats of docs/input.md: Zipf-skewed
 * product popularity, products in one to three categories, sparse tail categories, returns, late
 * (misfiled) lines, CSV and TSV hours, mixed timestamp notations and, on request, malformed lines
 * and gzip. The same seed writes the same bytes.
 */
public final class SalesGenerator {

  /** Which line format the hours use. */
  public enum Format { MIXED, CSV, TSV }

  /**
   * @param clean every timestamp ISO-8601 with Z and inside its own hour: the plainest input, for
   *     comparing with tools that would otherwise need the contract's other notations spelled out
   */
  public record Spec(Path root, Instant start, int hours, int salesPerHour, int products,
      int categories, long seed, Format format, double malformedRatio, boolean gzip, boolean clean) {

    /** {@code hours} hours from {@code start}, CSV and TSV hours mixed, no line malformed, not compressed. */
    public static Spec mixed(Path root, Instant start, int hours, int salesPerHour, int products, int categories,
        long seed) {
      return new Spec(root, start, hours, salesPerHour, products, categories, seed, Format.MIXED, 0, false, false);
    }

    /** The same hours in {@code format}. */
    public Spec in(Format other) {
      return new Spec(root, start, hours, salesPerHour, products, categories, seed, other, malformedRatio, gzip, clean);
    }

    /** The same hours with this share of the lines malformed. */
    public Spec withMalformed(double ratio) {
      return new Spec(root, start, hours, salesPerHour, products, categories, seed, format, ratio, gzip, clean);
    }

    /** The same hours, gzipped. */
    public Spec gzipped() {
      return new Spec(root, start, hours, salesPerHour, products, categories, seed, format, malformedRatio, true, clean);
    }
  }

  public record Stats(long lines, long malformedLines, int files) {
  }

  private static final double PRODUCT_ZIPF = 1.07;
  private static final double CATEGORY_ZIPF = 1.2;
  private static final double RETURN_SHARE = 0.03;
  private static final double LATE_SHARE = 0.004;
  private static final double EARLY_SHARE = 0.001;
  private static final DateTimeFormatter FILE_HOUR = DateTimeFormatter.ofPattern("uuuuMMddHH");
  private static final DateTimeFormatter ISO_HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:");
  private static final String CSV_HEADER = "timestamp,product_id,category_id,qty,total_price,customer_id";

  private final Spec spec;
  private final SplittableRandom random;
  private final double[] productCdf;
  private final int[] productByPopularity;
  private final String[][] productCategories;
  private final int[] unitPriceCents;
  private final StringBuilder line = new StringBuilder(160);

  public SalesGenerator(Spec spec) {
    this.spec = spec;
    this.random = new SplittableRandom(spec.seed());
    this.productCdf = zipfCdf(spec.products(), PRODUCT_ZIPF);
    this.productByPopularity = permutation(spec.products());
    double[] categoryCdf = zipfCdf(spec.categories(), CATEGORY_ZIPF);
    int[] categoryByPopularity = permutation(spec.categories());
    this.productCategories = new String[spec.products()][];
    this.unitPriceCents = new int[spec.products()];
    for (int p = 0; p < spec.products(); p++) {
      int count = 1 + (random.nextDouble() < 0.35 ? 1 : 0) + (random.nextDouble() < 0.1 ? 1 : 0);
      count = Math.min(count, spec.categories());
      String[] cats = new String[count];
      for (int i = 0; i < count; i++) {
        String c;
        do {
          c = "c" + categoryByPopularity[sample(categoryCdf)];
        } while (contains(cats, i, c));
        cats[i] = c;
      }
      productCategories[p] = cats;
      unitPriceCents[p] = 99 + random.nextInt(50_000);
    }
  }

  public Stats generate(Configuration conf, PrintStream progress) throws IOException {
    FileSystem fs = spec.root().getFileSystem(conf);
    long lines = 0;
    long malformed = 0;
    Instant first = spec.start().truncatedTo(ChronoUnit.HOURS);
    for (int h = 0; h < spec.hours(); h++) {
      Instant hour = first.plus(h, ChronoUnit.HOURS);
      boolean csv = spec.format() == Format.CSV || (spec.format() == Format.MIXED && h % 4 == 0);
      ZonedDateTime utc = hour.atZone(ZoneOffset.UTC);
      String name = (csv ? HourLayout.reportName(hour) : "sales-" + FILE_HOUR.format(utc) + ".tsv")
          + (spec.gzip() ? ".gz" : "");
      Path dir = HourLayout.hourDir(spec.root(), hour);
      try (Writer out = writer(fs.create(new Path(dir, name), true))) {
        if (csv) {
          out.write(CSV_HEADER);
          out.write('\n');
        }
        for (int i = 0; i < spec.salesPerHour(); i++) {
          boolean bad = spec.malformedRatio() > 0 && random.nextDouble() < spec.malformedRatio();
          if (bad) {
            malformedLine(csv, hour, (int) (malformed % 5));
            malformed++;
          } else {
            saleLine(csv, hour);
          }
          out.append(line).append('\n');
          lines++;
        }
      }
      fs.create(new Path(dir, HourLayout.DONE_FLAG), true).close();
      if ((h + 1) % 24 == 0 || h + 1 == spec.hours()) {
        progress.printf("generate: %d of %d hours, %d lines%n", h + 1, spec.hours(), lines);
      }
    }
    return new Stats(lines, malformed, spec.hours());
  }

  private Writer writer(OutputStream raw) throws IOException {
    OutputStream out = spec.gzip() ? new GZIPOutputStream(raw, 1 << 16) : raw;
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  private void saleLine(boolean csv, Instant hour) {
    int p = productByPopularity[sample(productCdf)];
    String[] cats = productCategories[p];
    String category = cats[cats.length == 1 ? 0 : random.nextInt(cats.length)];
    double r = random.nextDouble();
    int qty;
    if (r < RETURN_SHARE) {
      qty = -1 - random.nextInt(2);
    } else if (r < 0.75) {
      qty = 1;
    } else if (r < 0.95) {
      qty = 2 + random.nextInt(4);
    } else {
      qty = 6 + random.nextInt(15);
    }
    long millis = hour.toEpochMilli() + random.nextInt((int) HourLayout.HOUR_MILLIS);
    double misfile = spec.clean() ? 1.0 : random.nextDouble();
    if (misfile < LATE_SHARE) {
      millis -= HourLayout.HOUR_MILLIS; // a late line filed in the next hour's directory
    } else if (misfile < LATE_SHARE + EARLY_SHARE) {
      millis += HourLayout.HOUR_MILLIS; // a clock running ahead
    }
    line.setLength(0);
    char sep = csv ? ',' : '\t';
    timestamp(millis, csv);
    line.append(sep).append('p').append(p).append(sep).append(category).append(sep).append(qty).append(sep);
    long cents = (long) qty * unitPriceCents[p];
    String price = String.format(Locale.ROOT, "%d.%02d", cents / 100, Math.abs(cents % 100));
    if (csv) {
      if (Math.abs(cents) >= 100_000 && random.nextBoolean()) {
        // A thousands separator inside quotes: the comma must not split the field.
        line.append('"').append(String.format(Locale.ROOT, "%,d.%02d", cents / 100, Math.abs(cents % 100))).append('"');
      } else {
        line.append(price);
      }
      line.append(',');
      boolean quoted = random.nextInt(4) == 0;
      line.append(quoted ? "\"cust-" : "cust-").append(random.nextInt(10_000_000)).append(quoted ? "\"" : "");
    } else {
      line.append(price).append('\t').append("seller-").append(random.nextInt(50_000))
          .append('\t').append("buyer-").append(random.nextInt(10_000_000));
    }
  }

  /** Mixed notations: mostly ISO with Z, some offsets and fractions, some epoch numbers. */
  private void timestamp(long millis, boolean csv) {
    int kind = spec.clean() ? 0 : random.nextInt(10);
    if (kind < 6 || (csv && kind < 8)) {
      isoUtc(millis);
    } else if (kind < 8) {
      line.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
          Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(2))));
    } else if (kind < 9) {
      line.append(Math.floorDiv(millis, 1000));
    } else {
      line.append(millis);
    }
  }

  private void isoUtc(long millis) {
    Instant t = Instant.ofEpochSecond(Math.floorDiv(millis, 1000));
    line.append(ISO_HOUR.format(t.atZone(ZoneOffset.UTC)));
    int secondOfHour = (int) Math.floorMod(t.getEpochSecond(), 3600);
    twoDigits(secondOfHour / 60);
    line.append(':');
    twoDigits(secondOfHour % 60);
    line.append('Z');
  }

  private void twoDigits(int v) {
    line.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  private void malformedLine(boolean csv, Instant hour, int kind) {
    saleLine(csv, hour);
    String sep = csv ? "," : "\t";
    String[] f = line.toString().split(csv ? ",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)" : "\t", -1);
    switch (kind) {
      case 0 -> f = Arrays.copyOf(f, f.length - 1);
      case 1 -> f[0] = "2026-13-45T25:61:00Z";
      case 2 -> f[1] = "p#" + random.nextInt(1000);
      case 3 -> f[3] = "1.5";
      default -> f[2] = "";
    }
    line.setLength(0);
    line.append(String.join(sep, f));
  }

  private int sample(double[] cdf) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return Math.min(i < 0 ? -i - 1 : i, cdf.length - 1);
  }

  private static double[] zipfCdf(int n, double exponent) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  private int[] permutation(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  private static boolean contains(String[] a, int n, String s) {
    for (int i = 0; i < n; i++) {
      if (a[i].equals(s)) {
        return true;
      }
    }
    return false;
  }
}
