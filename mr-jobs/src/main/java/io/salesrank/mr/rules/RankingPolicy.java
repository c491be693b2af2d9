package io.salesrank.mr.rules;

import java.util.Locale;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.input.HourLayout;
import org.apache.hadoop.conf.Configuration;

/**
 * How a line's quantity weighs in a ranking as of {@code end} (docs/ranking-rules.md): a trailing
 * window of whole hours, exponential decay with a half-life over a lookback, or a trend: units over the
 * last {@code trendHours} minus units over the {@code trendHours} before, for products with at least
 * {@code minUnits} units now.
 */
public record RankingPolicy(Kind kind, int windowHours, double halfLifeHours, int lookbackHours, int trendHours,
    long minUnits) {

  public enum Kind { WINDOW, DECAY, TREND }

  public static final int MAX_TREND_HOURS = 168;
  public static final long DEFAULT_TREND_MIN_UNITS = 5;

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
    if (kind == Kind.TREND && (trendHours < 1 || trendHours > MAX_TREND_HOURS)) {
      throw new IllegalArgumentException("--trend-hours must be 1.." + MAX_TREND_HOURS + ", got " + trendHours);
    }
    if (kind == Kind.TREND && minUnits < 0) {
      throw new IllegalArgumentException("--trend-min-units must be 0 or more, got " + minUnits);
    }
  }

  public static RankingPolicy window(int hours) {
    return new RankingPolicy(Kind.WINDOW, hours, 0, 0, 0, 0);
  }

  public static RankingPolicy decay(double halfLifeHours, int lookbackHours) {
    return new RankingPolicy(Kind.DECAY, 0, halfLifeHours, lookbackHours, 0, 0);
  }

  public static RankingPolicy trend(int hours, long minUnits) {
    return new RankingPolicy(Kind.TREND, 0, 0, 0, hours, minUnits);
  }

  /**
   * Hours the ranking reaches back from its end: the window, the decay's lookback, or both of a trend's
   * spans ({@code 2T}).
   */
  public int spanHours() {
    return switch (kind) {
      case WINDOW -> windowHours;
      case DECAY -> lookbackHours;
      case TREND -> 2 * trendHours;
    };
  }

  /**
   * This policy over {@code hours} instead: the window, or the decay's lookback (a fallback span). A
   * trend has no fallback; over {@code hours} it is the plain sum of those hours, a window, as a state
   * keeps a trend's two spans ({@link #trendSpans}).
   */
  public RankingPolicy withSpanHours(int hours) {
    return switch (kind) {
      case WINDOW, TREND -> window(hours);
      case DECAY -> decay(halfLifeHours, hours);
    };
  }

  /** A trend's two sums, as a state keeps them: the last {@code T} hours, and the last {@code 2T}. */
  public java.util.List<RankingPolicy> trendSpans() {
    return java.util.List.of(window(trendHours), window(2 * trendHours));
  }

  /**
   * Where a trend's recent span begins: a line before it counts against the score and not in the
   * units; {@link Long#MIN_VALUE} for the other policies, where every line counts alike.
   */
  public long recentStartMillis(long endMillis) {
    return kind == Kind.TREND ? endMillis - trendHours * HourLayout.HOUR_MILLIS : Long.MIN_VALUE;
  }

  /** The units below which a job's products are not ranked: its trend's minimum, else (or with no policy) none. */
  public static long minUnitsRanked(Configuration conf) {
    return conf.get(SalesRankConfig.POLICY_KIND) == null ? Long.MIN_VALUE : readFrom(conf).minUnitsRanked();
  }

  /** The units below which a product is not ranked: a trend's minimum, else none. */
  public long minUnitsRanked() {
    return kind == Kind.TREND ? minUnits : Long.MIN_VALUE;
  }

  /** The first instant of the window or lookback that ends at {@code endMillis}. */
  public long startMillis(long endMillis) {
    return endMillis - spanHours() * HourLayout.HOUR_MILLIS;
  }

  /**
   * The weight of a line {@code ageMillis} old: 1 in a window, {@code 2^(-age/h)} under decay; 1 in a
   * trend, whose earlier span's sign the line's sum takes ({@link #recentStartMillis}).
   */
  public double weight(long ageMillis) {
    if (kind != Kind.DECAY) {
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
    conf.setInt(SalesRankConfig.TREND_HOURS, trendHours);
    conf.setLong(SalesRankConfig.TREND_MIN_UNITS, minUnits);
  }

  /** The policy {@link #writeTo} wrote into a job's configuration. */
  public static RankingPolicy readFrom(Configuration conf) {
    String kind = conf.get(SalesRankConfig.POLICY_KIND);
    if (kind == null) {
      throw new IllegalStateException(SalesRankConfig.POLICY_KIND + " is not set");
    }
    return new RankingPolicy(Kind.valueOf(kind.toUpperCase(Locale.ROOT)), conf.getInt(SalesRankConfig.WINDOW_HOURS, 0),
        conf.getDouble(SalesRankConfig.HALF_LIFE_HOURS, 0), conf.getInt(SalesRankConfig.LOOKBACK_HOURS, 0),
        conf.getInt(SalesRankConfig.TREND_HOURS, 0), conf.getLong(SalesRankConfig.TREND_MIN_UNITS, 0));
  }

  /**
   * The policy the {@code salesrank.policy.*} keys name, as the Oozie workflow passes it: kind
   * {@code window} (with {@code window.hours}), {@code decay} (with {@code half-life.hours} and
   * {@code lookback.hours}) or {@code trend} (with {@code trend.hours} and {@code trend.min-units}); the
   * other kinds' keys are ignored. Null when no kind is set.
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
        case "trend" -> trend(conf.getInt(SalesRankConfig.TREND_HOURS, 0),
            conf.getLong(SalesRankConfig.TREND_MIN_UNITS, DEFAULT_TREND_MIN_UNITS));
        default -> throw new IllegalArgumentException(SalesRankConfig.POLICY_KIND
            + " must be window, decay or trend, got " + kind);
      };
    } catch (NumberFormatException e) {
      String prefix = SalesRankConfig.POLICY_KIND.substring(0, SalesRankConfig.POLICY_KIND.lastIndexOf('.'));
      throw new IllegalArgumentException("a " + prefix + ".* value is not a number: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return switch (kind) {
      case WINDOW -> "window of " + windowHours + " h";
      case DECAY -> "decay with half-life " + halfLifeHours + " h over " + lookbackHours + " h";
      case TREND -> "trend of the last " + trendHours + " h over the " + trendHours + " h before, from "
          + minUnits + " units";
    };
  }
}
