package io.salesrank.mr.cli;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * Entry point of the Hadoop-side commands ({@code rank}, {@code generate}): {@code bin/salesrank}
 * and {@code hadoop jar salesrank-mr-jobs-*-job.jar} call it. Hadoop's generic options ({@code -D},
 * {@code -conf}, {@code -fs}) go right after the command name.
 */
public final class SalesRank {

  private static final Map<String, Supplier<Tool>> COMMANDS = Map.of(
      "rank", RankCommand::new,
      "generate", GenerateCommand::new);

  private SalesRank() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(new Configuration(), args));
  }

  /** Runs one command; returns its exit status (0 ok, 1 failure, 2 usage error). */
  public static int run(Configuration conf, String[] args) throws Exception {
    if (args.length == 0 || !COMMANDS.containsKey(args[0])) {
      System.err.println(args.length == 0
          ? "salesrank: a command is required: rank or generate"
          : "salesrank: unknown command '" + args[0] + "': use rank or generate");
      return CliSupport.USAGE;
    }
    return ToolRunner.run(conf, COMMANDS.get(args[0]).get(), Arrays.copyOfRange(args, 1, args.length));
  }
}
