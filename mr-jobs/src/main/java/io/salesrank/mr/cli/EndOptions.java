package io.salesrank.mr.cli;

import java.time.Instant;

import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.rules.RankRequest;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * When a ranking ends, an exclusive argument group: {@code --hour YYYY-MM-DDTHH} (the end of that
 * hour) or {@code --at YYYY-MM-DDTHH:MM} (that minute: a refresh between hourly runs).
 */
public final class EndOptions {

  @Option(names = "--hour", paramLabel = "YYYY-MM-DDTHH",
      description = "The UTC hour to rank as of: the window ends at the end of this hour.")
  Instant hour;

  @Option(names = "--at", paramLabel = "YYYY-MM-DDTHH:MM", converter = MinuteConverter.class,
      description = "The UTC minute to rank as of (an optional trailing Z): the window ends there, and the"
          + " hour in progress is read too.")
  Instant at;

  /** The end of the ranking's window (exclusive). */
  public Instant end() {
    return at != null ? at : RankRequest.endOfHour(hour);
  }

  /** Parses {@code --at}. */
  public static final class MinuteConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return HourLayout.parseMinute(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
