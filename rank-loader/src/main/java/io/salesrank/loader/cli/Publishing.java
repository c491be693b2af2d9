package io.salesrank.loader.cli;

import java.io.IOException;
import java.io.PrintStream;

import io.salesrank.loader.Database;
import io.salesrank.loader.RankingDirectory;
import io.salesrank.loader.RankingPublisher;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The publish step of load and run, with its report on stderr. */
final class Publishing {

  private Publishing() {
  }

  static void publish(Configuration conf, Database db, PublishMixin publish, Path rankingDir, PrintStream out)
      throws IOException {
    RankingDirectory ranking = RankingDirectory.open(conf, rankingDir);
    out.printf("load: publishing %s (hour %s, as of %s)%n", ranking.path(), ranking.manifest().hour(),
        ranking.manifest().asOf());
    RankingPublisher.Result r = new RankingPublisher(db.dataSource(), publish.options()).publish(ranking);
    out.printf("load: published %d rows in %d categories in %.2f s (%.2f s copying and indexing); it is the"
        + " current ranking%s%n", r.rows(), r.categories(), r.millis() / 1000.0, r.stagedMillis() / 1000.0,
        r.replacedRuns() > 0 ? " (replacing the earlier run of this hour)" : "");
    if (r.deletedRuns() > 0) {
      out.printf("load: removed %d old runs (keeping %d)%n", r.deletedRuns(), publish.keepRuns);
    }
  }
}
