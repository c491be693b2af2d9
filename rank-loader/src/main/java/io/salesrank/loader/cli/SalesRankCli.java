package io.salesrank.loader.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.salesrank.mr.cli.JobJarCli;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;

/**
 * The command line of {@code bin/salesrank} and of the Oozie actions: the job jar's commands plus
 * {@code load}, {@code run} and
 * {@code suppress}. The demo, which needs an embedded PostgreSQL, is a module of its own.
 */
public final class SalesRankCli {

  /** Every command of this class path, the job jar's included, by name. */
  public static final Map<String, Supplier<Tool>> COMMANDS;

  static {
    Map<String, Supplier<Tool>> commands = new HashMap<>(JobJarCli.COMMANDS);
    commands.put("load", LoadCommand::new);
    commands.put("run", RunCommand::new);
    commands.put("suppress", SuppressCommand::new);
    commands.put("stock", StockCommand::new);
    commands.put("subscribe", SubscribeCommand::new);
    commands.put("notify", NotifyCommand::new);
    COMMANDS = Map.copyOf(commands);
  }

  private SalesRankCli() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(new Configuration(), args));
  }

  public static int run(Configuration conf, String[] args) throws Exception {
    return JobJarCli.dispatch(conf, args, COMMANDS);
  }
}
