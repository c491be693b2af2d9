package io.salesrank.loader.cli;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Clock;

import io.salesrank.loader.Database;
import io.salesrank.loader.push.Notifier;
import io.salesrank.loader.push.Webhook;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.SalesRankCommand;
import io.salesrank.shared.Ids;
import io.salesrank.shared.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code salesrank notify [--ranking NAME]}: pushes rank changes to subscribers (docs/pushes.md). */
@Command(name = "salesrank notify",
    description = "Pushes each subscription of a ranking name the changes of its watched entries since what"
        + " it was last sent, as one signed POST, and sends again every push still pending. Exit 0: every push"
        + " attempted was delivered; 1: some are still pending (the next notify sends them again).")
public final class NotifyCommand extends SalesRankCommand {

  @Spec
  CommandSpec spec;

  @Option(names = "--ranking", paramLabel = "NAME", defaultValue = Ids.DEFAULT_RANKING,
      description = "The ranking name whose subscriptions to push (default ${DEFAULT-VALUE}).")
  String ranking;

  @Mixin
  DbOptions db;

  @Override
  public Integer call() throws Exception {
    if (!Ids.isRankingName(ranking)) {
      throw new ParameterException(spec.commandLine(), "--ranking must match " + Ids.NAME_PATTERN + ", got '"
          + ranking + "'");
    }
    db.require();
    try (Database database = db.open(getConf(), Notifier.WORKERS + 1)) {
      check("", push(database, ranking, System.err));
    }
    return CliSupport.OK;
  }

  /** Pushes the changes of ranking {@code name} with {@code database}. */
  static Notifier.Result push(Database database, String name, PrintStream progress)
      throws InterruptedException {
    try {
      return new Notifier(database.dataSource(), new Webhook(Clock.systemUTC()), progress).notify(name);
    } catch (SQLException e) {
      throw new SalesRankException("cannot push rank changes of ranking " + name + ": " + Messages.rootMessage(e)
          + "; pushes not yet delivered stay pending for the next notify", e);
    }
  }

  /** @throws SalesRankException when pushes are still pending, saying how many and to which hosts */
  static void check(String prefix, Notifier.Result result) {
    if (!result.allDelivered()) {
      throw new SalesRankException(prefix + Messages.count(result.pending(), "push", "pushes") + " still pending, to "
          + String.join(", ", result.pendingHosts()) + "; the next notify sends them again"
          + " (notification_delivery.last_error says why)");
    }
  }
}
