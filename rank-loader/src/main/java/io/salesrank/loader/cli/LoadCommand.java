package io.salesrank.loader.cli;

import java.util.concurrent.Callable;

import io.salesrank.loader.Database;
import io.salesrank.mr.cli.CliSupport;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code salesrank load}: publish a ranking directory written by rank. */
@Command(name = "salesrank load", sortOptions = false,
    description = "Checks a ranking directory and publishes it into PostgreSQL in one transaction;"
        + " on any failure the previous ranking stays current.")
public final class LoadCommand extends Configured implements Tool, Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--ranking", required = true, paramLabel = "DIR",
      description = "The ranking directory (local path or any Hadoop URI).")
  String ranking;

  @Mixin
  DbOptions db;

  @Mixin
  PublishMixin publish;

  @Override
  public int run(String[] args) {
    return CliSupport.execute(this, args);
  }

  @Override
  public Integer call() throws Exception {
    db.require();
    publish.options();
    try (Database database = db.open(getConf())) {
      System.err.println("load: database ready, " + database.describeMigration());
      Publishing.publish(getConf(), database, publish, new Path(ranking), System.err);
    }
    return CliSupport.OK;
  }
}
