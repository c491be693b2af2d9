package io.salesrank.mr.input;

/**
 * The ISO-8601 instants of the sales logs (docs/input.md), parsed from bytes in place: no objects, no
 * java.time on the mapper's per-line path. Offsets lie within ±18:00, as java.time's do.
 */
public final class IsoInstant {

  /** What {@link #parseMillis} returns for text that is not an instant. */
  public static final long INVALID = Long.MIN_VALUE;

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private IsoInstant() {
  }

  /**
   * The instant {@code bytes[from, to)} names, {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)}, in epoch
   * milliseconds (fractions below a millisecond truncated); {@link #INVALID} when it is not one.
   */
  public static long parseMillis(byte[] bytes, int from, int to) {
    if (to - from < 20
        || bytes[from + 4] != '-' || bytes[from + 7] != '-' || bytes[from + 10] != 'T'
        || bytes[from + 13] != ':' || bytes[from + 16] != ':') {
      return INVALID;
    }
    int year = number(bytes, from, 4);
    int month = number(bytes, from + 5, 2);
    int day = number(bytes, from + 8, 2);
    int hour = number(bytes, from + 11, 2);
    int minute = number(bytes, from + 14, 2);
    int second = number(bytes, from + 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)
        || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    return withTail(bytes, from, to,
        daysFromCivil(year, month, day) * MILLIS_PER_DAY + ((hour * 60L + minute) * 60L + second) * 1000L);
  }

  /**
   * The epoch milliseconds of the hour {@code bytes[from, from + 13)} names ({@code YYYY-MM-DDTHH}) in
   * an instant {@link #parseMillis} accepted (before its offset).
   */
  static long hourMillis(byte[] bytes, int from) {
    return daysFromCivil(number(bytes, from, 4), number(bytes, from + 5, 2), number(bytes, from + 8, 2))
        * MILLIS_PER_DAY + number(bytes, from + 11, 2) * 3_600_000L;
  }

  /**
   * What {@link #parseMillis} gives for {@code bytes[from, to)} when its first 14 bytes ({@code
   * YYYY-MM-DDTHH:}) are those of an instant it accepted, whose hour began at {@code hourMillis}
   * ({@link #hourMillis}): only the minute, second, fraction and offset are read.
   */
  static long parseMillisInHour(byte[] bytes, int from, int to, long hourMillis) {
    if (to - from < 20 || bytes[from + 16] != ':') {
      return INVALID;
    }
    int minute = number(bytes, from + 14, 2);
    int second = number(bytes, from + 17, 2);
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return INVALID;
    }
    return withTail(bytes, from, to, hourMillis + (minute * 60L + second) * 1000L);
  }

  /** {@code local} (the instant's date and time to the second, as if at UTC) with its fraction and offset. */
  private static long withTail(byte[] bytes, int from, int to, long local) {
    int i = from + 19;
    int millis = 0;
    if (bytes[i] == '.') {
      int fracStart = ++i;
      while (i < to && isDigit(bytes[i])) {
        i++;
      }
      int fracDigits = i - fracStart;
      if (fracDigits < 1 || fracDigits > 9) {
        return INVALID;
      }
      for (int k = 0; k < 3; k++) {
        millis = millis * 10 + (k < fracDigits ? bytes[fracStart + k] - '0' : 0);
      }
    }
    long offsetMillis;
    if (i == to - 1 && bytes[i] == 'Z') {
      offsetMillis = 0;
    } else if (i == to - 6 && (bytes[i] == '+' || bytes[i] == '-') && bytes[i + 3] == ':') {
      int offHours = number(bytes, i + 1, 2);
      int offMinutes = number(bytes, i + 4, 2);
      // An offset lies within ±18:00 (java.time's ZoneOffset, and every zone there is): +18:30 is not one.
      if (offHours < 0 || offMinutes < 0 || offMinutes > 59 || offHours * 60 + offMinutes > 18 * 60) {
        return INVALID;
      }
      offsetMillis = (offHours * 60L + offMinutes) * 60_000L;
      if (bytes[i] == '-') {
        offsetMillis = -offsetMillis;
      }
    } else {
      return INVALID;
    }
    return local + millis - offsetMillis;
  }

  /** The non-negative number in {@code count} digits at {@code at}, or -1. */
  private static int number(byte[] bytes, int at, int count) {
    int value = 0;
    for (int i = at; i < at + count; i++) {
      if (!isDigit(bytes[i])) {
        return -1;
      }
      value = value * 10 + (bytes[i] - '0');
    }
    return value;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4: case 6: case 9: case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yoe = y - era * 400;
    int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146_097L + doe - 719_468L;
  }
}
