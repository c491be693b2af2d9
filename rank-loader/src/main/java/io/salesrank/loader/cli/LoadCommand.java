package io.salesrank.loader.cli;

import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.loader.RankingDirectory;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.SalesRankCommand;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code salesrank load}: publish a ranking directory written by rank. */
@Command(name = "salesrank load",
    description = "Checks a ranking directory and publishes it into PostgreSQL (its rows in one transaction,"
        + " the switch to it in a second); on any failure the previous ranking stays current. The ranking"
        + " with the newest as_of is current: one older than the current ranking joins the history.")
public final class LoadCommand extends SalesRankCommand {

  @Option(names = "--ranking", required = true, paramLabel = "DIR",
      description = "The ranking directory (local path or any Hadoop URI).")
  String ranking;

  @Mixin
  PublishOptions publish;

  @Override
  public Integer call() throws Exception {
    PublishSettings settings = publish.settings();
    // The directory is checked before the database is reached: a wrong path fails at once.
    RankingDirectory directory = RankingDirectory.open(getConf(), new Path(ranking));
    try (Database database = publish.open(getConf())) {
      System.err.println("load: database ready, " + database.describeMigration());
      new RankAndPublish(getConf(), database, settings, System.err).publish(directory);
    }
    return CliSupport.OK;
  }
}
