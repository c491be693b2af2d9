package io.salesrank.loader.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.loader.push.Notifier;
import io.salesrank.mr.Interruption;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.EndOptions;
import io.salesrank.mr.cli.RankOptions;
import io.salesrank.mr.cli.SalesRankCommand;
import io.salesrank.mr.cli.StateOptions;
import io.salesrank.mr.cli.TopOptions;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.rules.RankRequest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code salesrank run}: rank one hour, then publish it. */
@Command(name = "salesrank run",
    description = "Runs the two MapReduce steps for one hour (or each hour of a backfill, in order) and"
        + " publishes the result into PostgreSQL. Exit 0: every new ranking is published; the one with the"
        + " newest as_of is current, and one older than the current ranking joins the history.")
public final class RunCommand extends SalesRankCommand {

  /** A year: a longer backfill is better split, and resumed with --from-hour. */
  static final int MAX_BACKFILL_HOURS = 8_784;

  @Spec
  CommandSpec spec;

  @Mixin
  RankOptions rank;

  /** One end ({@code --hour} or {@code --at}), or a backfill of hours. */
  static final class Hours {
    @ArgGroup(exclusive = true)
    EndOptions one;

    @ArgGroup(exclusive = false)
    Backfill backfill;
  }

  static final class Backfill {
    @Option(names = "--from-hour", required = true, paramLabel = "YYYY-MM-DDTHH",
        description = "Backfill: publish every hour from this one to --to-hour, in order (instead of --hour).")
    Instant from;

    @Option(names = "--to-hour", required = true, paramLabel = "YYYY-MM-DDTHH",
        description = "Backfill: the last hour to publish.")
    Instant to;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Hours hours;

  @Mixin
  TopOptions top;

  @Mixin
  StateOptions state;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Keep the intermediate sums and the ranking (DIR/ranking/) here; default: a temporary"
          + " directory, removed afterwards.")
  String work;

  @Mixin
  PublishOptions publish;

  @Option(names = "--notify",
      description = "After publishing, push rank changes to the ranking name's subscribers, as notify does; pushes"
          + " that fail leave the ranking published, stay pending for the next notify, and make the exit status 1.")
  boolean notify;

  @Override
  public Integer call() throws Exception {
    List<Instant> ends = ends();
    PublishSettings settings = publish.settings();
    List<RankRequest> requests = new ArrayList<>();
    for (Instant end : ends) {
      requests.add(rank.request(getConf(), end, top.topN(), state.state()));
    }
    Interruption.leaves("nothing more was published (the current ranking is the one before), and the state"
        + " is as it was");
    // Reach the database before spending an hour of cluster time.
    try (Database database = publish.open(getConf(), notify ? Notifier.WORKERS + 1 : 2)) {
      System.err.println("run: database ready, " + database.describeMigration());
      RankAndPublish runner = new RankAndPublish(getConf(), database, settings, System.err);
      for (int i = 0; i < requests.size(); i++) {
        RankRequest request = requests.get(i);
        String hour = HourLayout.formatHour(request.hour());
        if (requests.size() > 1) {
          System.err.printf("run: hour %s (%d of %d)%n", hour, i + 1, requests.size());
        }
        try {
          runner.rankAndPublish(request, work == null ? null : new Path(work));
        } catch (SalesRankException e) {
          throw requests.size() == 1 ? e : new SalesRankException("hour " + hour + ": " + e.getMessage()
              + (i > 0 ? "; the " + i + " hours before it are published, resume with --from-hour " + hour : ""), e);
        }
      }
      if (notify) {
        // After every publish: one push per subscription, of the newest ranking's changes.
        NotifyCommand.check("the ranking is published, but ",
            NotifyCommand.push(database, requests.get(0).name(), System.err));
      }
    }
    return CliSupport.OK;
  }

  /** The end of {@code --hour}, or of every hour of {@code --from-hour .. --to-hour}. */
  private List<Instant> ends() {
    if (hours.one != null) {
      return List.of(hours.one.end());
    }
    Instant from = hours.backfill.from;
    Instant to = hours.backfill.to;
    if (to.isBefore(from)) {
      throw new ParameterException(spec.commandLine(), "--to-hour is before --from-hour");
    }
    long count = Duration.between(from, to).toHours() + 1;
    if (count > MAX_BACKFILL_HOURS) {
      throw new ParameterException(spec.commandLine(),
          "a backfill covers at most " + MAX_BACKFILL_HOURS + " hours, got " + count);
    }
    List<Instant> ends = new ArrayList<>();
    for (Instant h = from; !h.isAfter(to); h = h.plus(Duration.ofHours(1))) {
      ends.add(RankRequest.endOfHour(h));
    }
    return ends;
  }
}
