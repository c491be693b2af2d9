package io.salesrank.loader.cli;

import io.salesrank.loader.PublishSettings;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The database ({@link DbOptions}) and {@code --keep-hours --max-category-loss --force}: load's and run's. */
public final class PublishOptions extends DbOptions {

  @Option(names = "--keep-hours", paramLabel = "K", defaultValue = "" + PublishSettings.DEFAULT_KEEP_HOURS,
      description = "Keep published rankings for K hours back from the current one's as_of; of those older"
          + " than 24 hours, only the last of each hour (default ${DEFAULT-VALUE}).")
  int keepHours;

  @Option(names = "--max-category-loss", paramLabel = "R", defaultValue = "" + PublishSettings.DEFAULT_MAX_CATEGORY_LOSS,
      description = "Refuse a new current ranking lacking more than this share of the current one's"
          + " categories (default ${DEFAULT-VALUE}).")
  double maxCategoryLoss;

  @Option(names = "--force", description = "Publish even if the category guard trips.")
  boolean force;

  /** The checked settings; no database named, or an out-of-range value, is a usage error. */
  PublishSettings settings() {
    require();
    if (keepHours < 1) {
      throw new ParameterException(spec.commandLine(), "--keep-hours must be at least 1, got " + keepHours);
    }
    try {
      return new PublishSettings(keepHours, maxCategoryLoss, force);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
