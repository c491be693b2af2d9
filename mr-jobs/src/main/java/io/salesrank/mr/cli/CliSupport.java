package io.salesrank.mr.cli;

import java.io.PrintWriter;
import java.time.Instant;

import io.salesrank.mr.HourLayout;
import io.salesrank.mr.SalesRankException;
import picocli.CommandLine;

/** Exit codes, error lines and converters shared by the commands (CONTRACT section 3). */
public final class CliSupport {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private CliSupport() {
  }

  /**
   * Runs a picocli command: usage errors exit 2 with picocli's message; a failure exits 1 with one
   * line saying what went wrong. {@code SALESRANK_DEBUG=1} adds the stack trace.
   */
  public static int execute(Object command, String[] args) {
    CommandLine cl = commandLine(command);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      PrintWriter err = line.getErr();
      String name = line.getCommandName();
      if (e instanceof SalesRankException) {
        err.println(name + ": " + firstLine(e.getMessage()));
      } else {
        err.println(name + ": failed: " + firstLine(e.toString())
            + (e.getCause() != null ? " (caused by " + firstLine(e.getCause().toString()) + ")" : "")
            + "; set SALESRANK_DEBUG=1 for the stack trace");
      }
      if (System.getenv("SALESRANK_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return FAILURE;
    });
    return cl.execute(args);
  }

  /** The picocli command line of {@code command}, with the converters every command shares. */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.registerConverter(Instant.class, CliSupport::hour);
    return cl;
  }

  /** The last line of rank and top: what was written where. */
  static void reportRanking(io.salesrank.mr.RankingManifest manifest, Object where) {
    System.err.printf("ranking as of %s written to %s: %d rows in %d categories%n",
        manifest.asOf(), where, manifest.rows(), manifest.categories());
  }

  /** Remote exceptions carry a server's stack trace in their message: keep the one clear line. */
  static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }

  static Instant hour(String text) {
    try {
      return HourLayout.parseHour(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
