package io.salesrank.mr.rules;

import java.util.Locale;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.input.HourLayout;
import org.apache.hadoop.conf.Configuration;

/**
 * How a line's quantity weighs in a ranking as of {@code end} (docs/ranking-rules.md): a trailing
 * window of whole hours, or exponential decay with a half-life over a lookback.
 */
public record RankingPolicy(Kind kind, int windowHours, double halfLifeHours, int lookbackHours) {

  public enum Kind { WINDOW, DECAY }

  public static final int DEFAULT_WINDOW_HOURS = 168;
  public static final int DEFAULT_LOOKBACK_HOURS = 2160;
  /** Ten years: far beyond any useful ranking, small enough to list hour by hour. */
  public static final int MAX_HOURS = 87_600;

  public RankingPolicy {
    if (kind == Kind.WINDOW && (windowHours < 1 || windowHours > MAX_HOURS)) {
      throw new IllegalArgumentException("window hours must be 1.." + MAX_HOURS + ", got " + windowHours);
    }
    if (kind == Kind.DECAY) {
      if (!(halfLifeHours > 0) || Double.isInfinite(halfLifeHours)) {
        throw new IllegalArgumentException("half-life hours must be a positive number, got " + halfLifeHours);
      }
      if (lookbackHours < 1 || lookbackHours > MAX_HOURS) {
        throw new IllegalArgumentException("lookback hours must be 1.." + MAX_HOURS + ", got " + lookbackHours);
      }
    }
  }

  public static RankingPolicy window(int hours) {
    return new RankingPolicy(Kind.WINDOW, hours, 0, 0);
  }

  public static RankingPolicy decay(double halfLifeHours, int lookbackHours) {
    return new RankingPolicy(Kind.DECAY, 0, halfLifeHours, lookbackHours);
  }

  /** Hours the ranking reaches back from its end: the window, or the decay's lookback. */
  public int spanHours() {
    return kind == Kind.WINDOW ? windowHours : lookbackHours;
  }

  /** This policy over {@code hours} instead: the window, or the decay's lookback (a fallback span). */
  public RankingPolicy withSpanHours(int hours) {
    return kind == Kind.WINDOW ? window(hours) : decay(halfLifeHours, hours);
  }

  /** The first instant of the window or lookback that ends at {@code endMillis}. */
  public long startMillis(long endMillis) {
    return endMillis - spanHours() * HourLayout.HOUR_MILLIS;
  }

  /** The weight of a line {@code ageMillis} old: 1 in a window, {@code 2^(-age/h)} under decay. */
  public double weight(long ageMillis) {
    if (kind == Kind.WINDOW) {
      return 1.0;
    }
    // StrictMath: the same bits on every JVM of a cluster, so reruns rank identically.
    return StrictMath.pow(2.0, -(ageMillis / (double) HourLayout.HOUR_MILLIS) / halfLifeHours);
  }

  /** Writes this policy into a job's configuration, for {@link #readFrom}. */
  public void writeTo(Configuration conf) {
    conf.set(SalesRankConfig.POLICY_KIND, kind.name());
    conf.setInt(SalesRankConfig.WINDOW_HOURS, windowHours);
    conf.setDouble(SalesRankConfig.HALF_LIFE_HOURS, halfLifeHours);
    conf.setInt(SalesRankConfig.LOOKBACK_HOURS, lookbackHours);
  }

  /** The policy {@link #writeTo} wrote into a job's configuration. */
  public static RankingPolicy readFrom(Configuration conf) {
    String kind = conf.get(SalesRankConfig.POLICY_KIND);
    if (kind == null) {
      throw new IllegalStateException(SalesRankConfig.POLICY_KIND + " is not set");
    }
    return new RankingPolicy(Kind.valueOf(kind.toUpperCase(Locale.ROOT)), conf.getInt(SalesRankConfig.WINDOW_HOURS, 0),
        conf.getDouble(SalesRankConfig.HALF_LIFE_HOURS, 0), conf.getInt(SalesRankConfig.LOOKBACK_HOURS, 0));
  }

  /**
   * The policy the {@code salesrank.policy.*} keys name, as the Oozie workflow passes it: kind
   * {@code window} (with {@code window.hours}) or {@code decay} (with {@code half-life.hours} and
   * {@code lookback.hours}); the other kind's keys are ignored. Null when no kind is set.
   *
   * @throws IllegalArgumentException naming the key whose value is wrong
   */
  public static RankingPolicy configured(Configuration conf) {
    String kind = conf.getTrimmed(SalesRankConfig.POLICY_KIND);
    if (kind == null || kind.isEmpty()) {
      return null;
    }
    try {
      return switch (kind.toLowerCase(Locale.ROOT)) {
        case "window" -> window(conf.getInt(SalesRankConfig.WINDOW_HOURS, DEFAULT_WINDOW_HOURS));
        case "decay" -> decay(conf.getDouble(SalesRankConfig.HALF_LIFE_HOURS, 0),
            conf.getInt(SalesRankConfig.LOOKBACK_HOURS, DEFAULT_LOOKBACK_HOURS));
        default -> throw new IllegalArgumentException(SalesRankConfig.POLICY_KIND + " must be window or decay, got "
            + kind);
      };
    } catch (NumberFormatException e) {
      String prefix = SalesRankConfig.POLICY_KIND.substring(0, SalesRankConfig.POLICY_KIND.lastIndexOf('.'));
      throw new IllegalArgumentException("a " + prefix + ".* value is not a number: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return kind == Kind.WINDOW
        ? "window of " + windowHours + " h"
        : "decay with half-life " + halfLifeHours + " h over " + lookbackHours + " h";
  }
}
