package io.salesrank.loader;

/**
 * How a publish guards and keeps history.
 *
 * @param keepRuns published runs kept for history, the current one included
 * @param maxCategoryLoss largest share of the current ranking's categories a new current ranking
 *     may lack before the publish is refused as a probable truncated input
 * @param force publish even if the category guard trips
 */
public record PublishSettings(int keepRuns, double maxCategoryLoss, boolean force) {

  public static final int DEFAULT_KEEP_RUNS = 72;
  public static final double DEFAULT_MAX_CATEGORY_LOSS = 0.2;

  public PublishSettings {
    if (keepRuns < 1) {
      throw new IllegalArgumentException("runs to keep must be at least 1, got " + keepRuns);
    }
    if (!(maxCategoryLoss >= 0 && maxCategoryLoss <= 1)) {
      throw new IllegalArgumentException("the category loss share must be 0..1, got " + maxCategoryLoss);
    }
  }

  public static PublishSettings defaults() {
    return new PublishSettings(DEFAULT_KEEP_RUNS, DEFAULT_MAX_CATEGORY_LOSS, false);
  }
}
