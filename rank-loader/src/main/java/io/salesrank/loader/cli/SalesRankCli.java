package io.salesrank.loader.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.salesrank.mr.cli.SalesRank;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;

/** Entry point of {@code load} and {@code run}, and of mr-jobs' commands on the same class path. */
public final class SalesRankLoader {

  /** Every command, mr-jobs' included, by name. */
  public static final Map<String, Supplier<Tool>> COMMANDS;

  static {
    Map<String, Supplier<Tool>> commands = new HashMap<>(SalesRank.COMMANDS);
    commands.put("load", LoadCommand::new);
    commands.put("run", RunCommand::new);
    commands.put("demo", io.salesrank.loader.demo.DemoCommand::new);
    COMMANDS = Map.copyOf(commands);
  }

  private SalesRankLoader() {
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(new Configuration(), args));
  }

  public static int run(Configuration conf, String[] args) throws Exception {
    return SalesRank.dispatch(conf, args, COMMANDS);
  }
}
