package io.salesrank.mr.input;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.salesrank.shared.Messages;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The sales-log layout of docs/input.md: {@code ROOT/YYYY/MM/DD/HH/}, one directory per UTC
 * hour, closed by an empty {@code _SUCCESS} file.
 */
public final class HourLayout {

  public static final String DONE_FLAG = "_SUCCESS";
  public static final long HOUR_MILLIS = 3_600_000L;

  private static final DateTimeFormatter HOUR_ARG =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter MINUTE_ARG =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("uuuu/MM/dd/HH");
  /** Hourly reports (docs/input.md): {@code SalesReport-YYYYMMDDHH.csv}, perhaps gzipped. */
  private static final Pattern REPORT = Pattern.compile("SalesReport-(\\d{10})\\.csv(\\.gz)?");
  private static final DateTimeFormatter REPORT_HOUR =
      DateTimeFormatter.ofPattern("uuuuMMddHH").withResolverStyle(ResolverStyle.STRICT);

  private HourLayout() {
  }

  /** Parses {@code YYYY-MM-DDTHH} as a UTC hour. */
  public static Instant parseHour(String text) {
    return parse(text, text, HOUR_ARG, "\\d{4}-\\d{2}-\\d{2}T\\d{2}", "an hour", "YYYY-MM-DDTHH");
  }

  /** Parses {@code YYYY-MM-DDTHH:MM}, with or without a trailing {@code Z}, as a UTC minute. */
  public static Instant parseMinute(String text) {
    String minute = text.endsWith("Z") ? text.substring(0, text.length() - 1) : text;
    return parse(text, minute, MINUTE_ARG, "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}", "a minute", "YYYY-MM-DDTHH:MM");
  }

  /** Parses {@code value}; a value of the right shape that does not exist (hour 24) says why. */
  private static Instant parse(String text, String value, DateTimeFormatter format, String shape, String what,
      String form) {
    try {
      return LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      if (value.matches(shape)) {
        String why = e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2);
        throw new IllegalArgumentException("'" + text + "' is not " + what + " that exists (" + why + ")");
      }
      throw new IllegalArgumentException("'" + text + "' is not " + what + " of the form " + form);
    }
  }

  public static String formatHour(Instant hour) {
    return HOUR_ARG.format(hour.atOffset(ZoneOffset.UTC));
  }

  /** The name of the hourly report of {@code hour}: {@code SalesReport-YYYYMMDDHH.csv}. */
  public static String reportName(Instant hour) {
    return "SalesReport-" + REPORT_HOUR.format(hour.atOffset(ZoneOffset.UTC)) + ".csv";
  }

  /** The hour a {@code SalesReport-YYYYMMDDHH.csv[.gz]} file reports, or null for any other name. */
  public static Instant reportHour(String name) {
    Matcher m = REPORT.matcher(name);
    if (!m.matches()) {
      return null;
    }
    try {
      return LocalDateTime.parse(m.group(1), REPORT_HOUR).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static Path hourDir(Path root, Instant hour) {
    return new Path(root, HOUR_DIR.format(hour.truncatedTo(ChronoUnit.HOURS).atOffset(ZoneOffset.UTC)));
  }

  /** The first hour directory a ranking over {@code [end - hours, end)} reads. */
  public static Instant firstHour(Instant end, int hours) {
    return end.minus(hours, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
  }

  /** The last hour directory a ranking ending at {@code end} reads: the hour {@code end} falls in, or ends. */
  public static Instant lastHour(Instant end) {
    return end.minusMillis(1).truncatedTo(ChronoUnit.HOURS);
  }

  /**
   * The hour directories a ranking over {@code [start, end)} reads, oldest first, and the sales files
   * in them (names starting with {@code _} or {@code .} left out).
   */
  public record Selection(List<Path> present, List<Path> missing, List<Path> withoutDoneFlag,
      List<FileStatus> files) {

    /**
     * The progress line's account of these hours under {@code root}: how many directories are read,
     * and of the span's hours how many have none (an hour before the logs begin, or a quiet one: not an
     * error) and how many lack their {@code _SUCCESS}.
     */
    public String describe(Path root) {
      int span = present.size() + missing.size();
      StringBuilder s = new StringBuilder("reading ").append(Messages.count(present.size(), "hour directory", "hour directories")).append(" under ").append(root);
      if (!missing.isEmpty() || !withoutDoneFlag.isEmpty()) {
        s.append(" (of the span's ").append(span).append(" hours, ");
        if (!missing.isEmpty()) {
          s.append(missing.size()).append(" have no directory");
        }
        if (!withoutDoneFlag.isEmpty()) {
          s.append(missing.isEmpty() ? "" : ", ").append(withoutDoneFlag.size()).append(" lack ").append(DONE_FLAG);
        }
        s.append(')');
      }
      return s.toString();
    }
  }

  /**
   * Lists the hour directories that overlap {@code [end - hours, end)}, the hour in progress
   * included when {@code end} is not a whole hour: one listing per hour, never a listing of the whole
   * history.
   */
  public static Selection select(FileSystem fs, Path root, Instant end, int hours) throws IOException {
    List<Path> present = new ArrayList<>();
    List<Path> missing = new ArrayList<>();
    List<Path> withoutFlag = new ArrayList<>();
    List<FileStatus> files = new ArrayList<>();
    Instant last = lastHour(end);
    for (Instant hour = firstHour(end, hours); !hour.isAfter(last); hour = hour.plus(1, ChronoUnit.HOURS)) {
      Path dir = hourDir(root, hour);
      FileStatus[] children;
      try {
        children = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        missing.add(dir);
        continue;
      }
      present.add(dir);
      boolean done = false;
      for (FileStatus child : children) {
        String name = child.getPath().getName();
        done |= name.equals(DONE_FLAG);
        if (child.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
          files.add(child);
        }
      }
      if (!done) {
        withoutFlag.add(dir);
      }
    }
    return new Selection(present, missing, withoutFlag, files);
  }
}
