package io.salesrank.mr.cli;

import picocli.CommandLine.Option;

/** {@code --state DIR}: what earlier runs learned from the logs, for rank and run. */
public final class StateOptions {

  @Option(names = "--state", paramLabel = "DIR",
      description = "Keep what runs learn from the logs here (any Hadoop path), so that an hourly run parses only"
          + " new or changed files; ranks exactly as without it. Built from the logs when missing.")
  String state;

  /** The state directory given, or null. */
  public String state() {
    return state;
  }
}
