package io.salesrank.mr.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.salesrank.mr.ForkFreeLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * The command line of the job jar ({@code hadoop jar salesrank-mr-jobs-*-job.jar COMMAND ...}): the
 * commands that need Hadoop only ({@code rank}, its steps {@code sum} and {@code top}, {@code generate},
 * {@code ingest}). Hadoop's generic options ({@code -D}, {@code -conf}, {@code -fs}) go right after the
 * command name.
 */
public final class JobJarCli {

  /** The commands of this jar. */
  public static final Map<String, Supplier<Tool>> COMMANDS = Map.of(
      "rank", RankCommand::new,
      "sum", SumCommand::new,
      "top", TopCommand::new,
      "generate", GenerateCommand::new,
      "ingest", IngestCommand::new);

  private JobJarCli() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(new Configuration(), args));
  }

  /** Runs one command; returns its exit status (0 ok, 1 failure, 2 usage error). */
  public static int run(Configuration conf, String[] args) throws Exception {
    return dispatch(conf, args, COMMANDS);
  }

  /** Runs {@code args[0]} of {@code commands} through {@link ToolRunner} with the rest. */
  public static int dispatch(Configuration conf, String[] args, Map<String, Supplier<Tool>> commands)
      throws Exception {
    String names = String.join(", ", new TreeMap<>(commands).keySet());
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      System.out.println(new CliSupport.Version().getVersion()[0]);
      return CliSupport.OK;
    }
    if (args.length == 0 || !commands.containsKey(args[0])) {
      System.err.println(args.length == 0
          ? "salesrank: a command is required: one of " + names
          : "salesrank: unknown command '" + args[0] + "': use one of " + names);
      return CliSupport.USAGE;
    }
    ForkFreeLocalFileSystem.preferIn(conf);
    return ToolRunner.run(conf, commands.get(args[0]).get(), Arrays.copyOfRange(args, 1, args.length));
  }
}
