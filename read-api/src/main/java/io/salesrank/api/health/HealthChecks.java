package io.salesrank.api.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.codahale.metrics.health.HealthCheck;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;
import io.salesrank.api.db.RankingDao;

/** The admin port's health checks, by name. */
public final class HealthChecks {

  private HealthChecks() {
  }

  /** {@code database}: the database answers; when it does not, says what is being served meanwhile. */
  public static HealthCheck database(RankingDao dao, RankingCache cache) {
    return new HealthCheck() {
      @Override
      protected Result check() {
        try {
          dao.ping();
          return Result.healthy();
        } catch (Exception e) {
          String serving = cache.current()
              .map(s -> "serving the ranking as of " + s.run().asOf() + " from memory"
                  + (cache.all().size() > 1 ? " (and " + (cache.all().size() - 1) + " other named rankings)" : ""))
              .orElse("nothing loaded to serve");
          return Result.unhealthy("database unreachable (" + e.getMessage() + "); " + serving);
        }
      }
    };
  }

  /**
   * {@code freshness}: the ranking served is no older than {@code maxStaleness}: the one named
   * {@code default} (or, without it, the first name). Other names' ages are on {@code /prometheus}, so
   * that a candidate ranking published once never takes replicas out of a load balancer.
   */
  public static HealthCheck freshness(RankingCache cache, Clock clock, Duration maxStaleness) {
    return new HealthCheck() {
      @Override
      protected Result check() {
        RankingSnapshot snapshot = cache.current().orElse(null);
        if (snapshot == null) {
          return Result.unhealthy("no ranking has been published yet");
        }
        Instant asOf = snapshot.run().asOf();
        Duration age = Duration.between(asOf, clock.instant());
        if (age.compareTo(maxStaleness) > 0) {
          return Result.unhealthy("the ranking served is as of " + asOf + ", " + age.toMinutes()
              + " minutes old, beyond the limit of " + maxStaleness.toMinutes() + " minutes; publish a newer one,"
              + " or raise the limit (ranking.maxStaleness; SALESRANK_MAX_STALENESS, e.g. 30d, with the bundled"
              + " configuration) when older rankings are served on purpose");
        }
        return Result.healthy("ranking " + snapshot.run().name() + " as of " + asOf + " (run "
            + snapshot.run().runId() + ")");
      }
    };
  }
}
