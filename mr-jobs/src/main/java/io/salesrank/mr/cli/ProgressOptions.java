package io.salesrank.mr.cli;

import java.io.OutputStream;
import java.io.PrintStream;

import picocli.CommandLine.Option;

/** {@code --quiet}: the steps' progress lines left out; the result line and failures are still told. */
public final class ProgressOptions {

  @Option(names = {"-q", "--quiet"}, description = "Print no progress lines: only the result, or why it failed.")
  boolean quiet;

  /** Where the steps report their progress. */
  public PrintStream progress() {
    return quiet ? new PrintStream(OutputStream.nullOutputStream()) : System.err;
  }
}
