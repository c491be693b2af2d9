package io.salesrank.api.health;

import com.codahale.metrics.health.HealthCheck;
import io.salesrank.api.core.RankingCache;
import io.salesrank.api.db.RankingDao;

/** The database answers; when it does not, says what is being served meanwhile. */
public final class DatabaseHealthCheck extends HealthCheck {

  private final RankingDao dao;
  private final RankingCache cache;

  public DatabaseHealthCheck(RankingDao dao, RankingCache cache) {
    this.dao = dao;
    this.cache = cache;
  }

  @Override
  protected Result check() {
    try {
      dao.ping();
      return Result.healthy();
    } catch (Exception e) {
      String serving = cache.current()
          .map(s -> "serving the ranking as of " + s.run().asOf() + " from memory")
          .orElse("nothing loaded to serve");
      return Result.unhealthy("database unreachable (" + e.getMessage() + "); " + serving);
    }
  }
}
