package io.salesrank.mr.cli;

import java.time.Instant;

import io.salesrank.mr.RankRequest;
import picocli.CommandLine.Option;

/** When a ranking ends, as an argument group: {@code --hour YYYY-MM-DDTHH}, the end of that hour. */
public final class EndOptions {

  @Option(names = "--hour", required = true, paramLabel = "YYYY-MM-DDTHH",
      description = "The UTC hour to rank as of: the window ends at the end of this hour.")
  Instant hour;

  /** The end of the ranking's window (exclusive). */
  public Instant end() {
    return RankRequest.endOfHour(hour);
  }
}
