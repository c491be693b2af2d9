package io.salesrank.loader.cli;

import io.salesrank.loader.PublishSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --keep-runs --max-category-loss --force}, shared by load and run. */
public final class PublishOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--keep-runs", paramLabel = "K", defaultValue = "" + PublishSettings.DEFAULT_KEEP_RUNS,
      description = "Published runs kept for history, the current one included (default ${DEFAULT-VALUE}).")
  int keepRuns;

  @Option(names = "--max-category-loss", paramLabel = "R", defaultValue = "" + PublishSettings.DEFAULT_MAX_CATEGORY_LOSS,
      description = "Refuse a new current ranking lacking more than this share of the current one's"
          + " categories (default ${DEFAULT-VALUE}).")
  double maxCategoryLoss;

  @Option(names = "--force", description = "Publish even if the category guard trips.")
  boolean force;

  /** The checked settings; an out-of-range value is a usage error. */
  PublishSettings settings() {
    try {
      return new PublishSettings(keepRuns, maxCategoryLoss, force);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
