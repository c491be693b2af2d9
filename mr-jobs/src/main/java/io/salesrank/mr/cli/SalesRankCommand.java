package io.salesrank.mr.cli;

import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import picocli.CommandLine.Command;

/**
 * A {@code salesrank} command: a Hadoop {@link Tool} (so {@code -D}, {@code -conf} and {@code -fs}
 * work) whose options picocli parses, with {@code --help} and {@code --version}, usage errors exiting
 * 2 and failures exiting 1 with one line ({@link CliSupport#execute}).
 */
@Command(mixinStandardHelpOptions = true, versionProvider = CliSupport.Version.class, sortOptions = false,
    sortSynopsis = false)
public abstract class SalesRankCommand extends Configured implements Tool, Callable<Integer> {

  @Override
  public final int run(String[] args) {
    return CliSupport.execute(this, args);
  }
}
