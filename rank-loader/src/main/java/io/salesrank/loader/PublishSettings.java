package io.salesrank.loader;

/**
 * How a publish guards and keeps history.
 *
 * @param keepHours published rankings are kept while their {@code as_of} is at most this many hours
 *     before the current one's (docs/cli.md)
 * @param maxCategoryLoss largest share of the current ranking's categories a new current ranking
 *     may lack before the publish is refused as a probable truncated input
 * @param force publish even if the category guard trips
 */
public record PublishSettings(int keepHours, double maxCategoryLoss, boolean force) {

  public static final int DEFAULT_KEEP_HOURS = 168;
  public static final double DEFAULT_MAX_CATEGORY_LOSS = 0.2;

  public PublishSettings {
    if (keepHours < 1) {
      throw new IllegalArgumentException("the hours of history to keep must be at least 1, got " + keepHours);
    }
    if (!(maxCategoryLoss >= 0 && maxCategoryLoss <= 1)) {
      throw new IllegalArgumentException("the category loss share must be 0..1, got " + maxCategoryLoss);
    }
  }

  public static PublishSettings defaults() {
    return new PublishSettings(DEFAULT_KEEP_HOURS, DEFAULT_MAX_CATEGORY_LOSS, false);
  }
}
