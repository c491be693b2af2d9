package io.salesrank.api.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.codahale.metrics.health.HealthCheck;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.core.RankingSnapshot;

/** The ranking served is no older than the configured staleness limit. */
public final class FreshnessHealthCheck extends HealthCheck {

  private final RankingCache cache;
  private final Clock clock;
  private final Duration maxStaleness;

  public FreshnessHealthCheck(RankingCache cache, Clock clock, Duration maxStaleness) {
    this.cache = cache;
    this.clock = clock;
    this.maxStaleness = maxStaleness;
  }

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
    return Result.healthy("ranking as of " + asOf + " (run " + snapshot.run().runId() + ")");
  }
}
