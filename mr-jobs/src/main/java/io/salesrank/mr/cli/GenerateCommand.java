package io.salesrank.mr.cli;

import java.time.Duration;
import java.time.Instant;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.generate.SalesGenerator;
import io.salesrank.mr.input.HourLayout;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code salesrank generate}: synthetic hourly sales logs in the contract's layout. */
@Command(name = "salesrank generate",
    description = "Writes synthetic hourly sales logs (ROOT/YYYY/MM/DD/HH/ with _SUCCESS): skewed"
        + " popularity, products in 1-3 categories, returns, late lines, CSV and TSV hours.")
public final class GenerateCommand extends SalesRankCommand {

  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "ROOT", description = "Root to write the hours under.")
  String out;

  @Option(names = "--start", required = true, paramLabel = "YYYY-MM-DDTHH", description = "First UTC hour.")
  Instant start;

  @Option(names = "--hours", required = true, paramLabel = "N", description = "Number of hours.")
  int hours;

  @Option(names = "--sales-per-hour", paramLabel = "N", defaultValue = "2000",
      description = "Lines per hour (default ${DEFAULT-VALUE}).")
  int salesPerHour;

  @Option(names = "--products", paramLabel = "N", defaultValue = "5000",
      description = "Distinct products (default ${DEFAULT-VALUE}).")
  int products;

  @Option(names = "--categories", paramLabel = "N", defaultValue = "50",
      description = "Distinct categories (default ${DEFAULT-VALUE}).")
  int categories;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--format", paramLabel = "F", defaultValue = "MIXED",
      description = "MIXED (every 4th hour CSV), CSV or TSV (default ${DEFAULT-VALUE}).")
  SalesGenerator.Format format;

  @Option(names = "--malformed-ratio", paramLabel = "R", defaultValue = "0",
      description = "Share of lines written malformed (default ${DEFAULT-VALUE}).")
  double malformedRatio;

  @Option(names = "--gzip", description = "Compress each hour's file (.gz).")
  boolean gzip;

  @Option(names = "--overwrite", description = "Replace hours that already exist under ROOT (refused otherwise).")
  boolean overwrite;

  @Option(names = "--clean", description = "Only ISO-8601 timestamps with Z, each inside its own hour.")
  boolean clean;

  @Override
  public Integer call() throws Exception {
    if (hours < 1 || salesPerHour < 0 || products < 1 || categories < 1) {
      throw new ParameterException(spec.commandLine(),
          "--hours, --products and --categories must be at least 1, --sales-per-hour at least 0");
    }
    if (!(malformedRatio >= 0 && malformedRatio <= 1)) {
      throw new ParameterException(spec.commandLine(), "--malformed-ratio must be 0..1");
    }
    Path root = new Path(out);
    FileSystem fs = root.getFileSystem(getConf());
    root = fs.makeQualified(root);
    if (!overwrite) {
      for (int h = 0; h < hours; h++) {
        Path hourDir = HourLayout.hourDir(root, start.plus(Duration.ofHours(h)));
        if (fs.exists(hourDir)) {
          throw new SalesRankException("the hour directory " + hourDir + " already exists; choose another --out or"
              + " --start, or pass --overwrite to replace the hours generated there");
        }
      }
    }
    SalesGenerator.Stats stats = new SalesGenerator(new SalesGenerator.Spec(root, start, hours, salesPerHour,
        products, categories, seed, format, malformedRatio, gzip, clean)).generate(getConf(), System.err);
    System.err.printf("generated %d lines (%d malformed) in %d hours under %s%n",
        stats.lines(), stats.malformedLines(), stats.files(), root);
    return CliSupport.OK;
  }
}
