package io.salesrank.mr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import io.salesrank.mr.Interruption;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankingManifest;
import io.salesrank.shared.Messages;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/** Exit codes, error lines and converters shared by the commands (docs/cli.md). */
public final class CliSupport {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private CliSupport() {
  }

  /**
   * Runs a picocli command: a usage error exits 2 with one line and a pointer to {@code --help}; a
   * failure exits 1 with one line saying what went wrong. {@code SALESRANK_DEBUG=1} adds the stack
   * trace.
   */
  public static int execute(Object command, String[] args) {
    CommandLine cl = commandLine(command);
    cl.setParameterExceptionHandler((e, ignored) -> {
      CommandLine line = e.getCommandLine();
      PrintWriter err = line.getErr();
      List<String> unknown = line.getUnmatchedArguments().stream().filter(a -> a.startsWith("-"))
          .map(a -> "'" + a + "'").toList();
      // picocli checks required options before it complains of unknown ones: a misspelt required
      // option would otherwise be reported as missing only.
      String message = unknown.isEmpty() || e instanceof CommandLine.UnmatchedArgumentException
          ? e.getMessage()
          : "Unknown option" + (unknown.size() > 1 ? "s" : "") + ": " + String.join(", ", unknown) + "; "
              + e.getMessage();
      err.println(line.getCommandName() + ": " + Messages.firstLine(message));
      List<String> unmatched = line.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
      if (!unmatched.isEmpty()) {
        // picocli's own nearest options: --outt -> --out.
        List<String> near = new CommandLine.UnmatchedArgumentException(line, unmatched).getSuggestions();
        if (!near.isEmpty()) {
          err.println("Did you mean " + String.join(" or ", near.stream().map(s -> "'" + s + "'").toList()) + "?");
        }
      }
      err.println("Try '" + line.getCommandName() + " --help' for the options.");
      err.flush();
      return USAGE;
    });
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (Interruption.happened()) {
        return FAILURE;  // the interruption's own line says what happened
      }
      PrintWriter err = line.getErr();
      String name = line.getCommandName();
      if (e instanceof SalesRankException) {
        err.println(name + ": " + Messages.firstLine(e.getMessage()));
      } else {
        err.println(name + ": failed: " + Messages.firstLine(e.toString())
            + (e.getCause() != null ? " (caused by " + Messages.firstLine(e.getCause().toString()) + ")" : "")
            + "; set SALESRANK_DEBUG=1 for the stack trace");
      }
      if (System.getenv("SALESRANK_DEBUG") != null) {
        e.printStackTrace(err);
      }
      err.flush();
      return FAILURE;
    });
    Interruption.arm(cl.getCommandName());
    try {
      return cl.execute(args);
    } finally {
      Interruption.disarm();
    }
  }

  /** The picocli command line of {@code command}, with the converters every command shares. */
  public static CommandLine commandLine(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.registerConverter(Instant.class, CliSupport::hour);
    return cl;
  }

  /** The last line of rank and top: what was written where. */
  static void reportRanking(RankingManifest manifest, Object where) {
    System.err.printf("ranking as of %s written to %s: %d rows in %d categories%n",
        manifest.asOf(), where, manifest.rows(), manifest.categories());
  }

  /** A TCP port, 1 to 65535: anything else is a usage error, told in plain words. */
  public static final class Port implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port;
      try {
        port = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a port number");
      }
      if (port < 1 || port > 65_535) {
        throw new CommandLine.TypeConversionException("a port is 1 to 65535, got " + port);
      }
      return port;
    }
  }

  static Instant hour(String text) {
    try {
      return HourLayout.parseHour(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }

  /** {@code --version}: the project version the build wrote into {@code salesrank-version.properties}. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Version.class.getResourceAsStream("/salesrank-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"salesrank " + p.getProperty("version", "(version unknown)")};
    }
  }
}
