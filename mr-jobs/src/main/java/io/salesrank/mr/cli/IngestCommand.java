package io.salesrank.mr.cli;

import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.ingest.DropboxIngest;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code salesrank ingest}: dropbox reports into the hour layout. */
@Command(name = "salesrank ingest",
    description = "Moves SalesReport-YYYYMMDDHH.csv[.gz] files from a dropbox into ROOT/YYYY/MM/DD/HH/ and"
        + " writes _SUCCESS once an hour's reports are fully in place. Other files are left and reported.")
public final class IngestCommand extends SalesRankCommand {

  @Option(names = "--from", required = true, paramLabel = "DROPBOX_DIR", description = "The dropbox folder.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "ROOT", description = "Root of the hourly sales logs.")
  String to;

  @Override
  public Integer call() throws Exception {
    Path dropbox = new Path(from);
    if (!dropbox.getFileSystem(getConf()).isDirectory(dropbox)) {
      throw new SalesRankException("the dropbox " + dropbox + " is not a directory that exists; check --from");
    }
    DropboxIngest.Report report = DropboxIngest.ingest(getConf(), dropbox, new Path(to), System.err);
    for (String name : report.unrecognised()) {
      System.err.println("ingest: left in the dropbox, not a SalesReport-YYYYMMDDHH.csv[.gz]: " + name);
    }
    for (String failure : report.failed()) {
      System.err.println("ingest: left in the dropbox: " + failure);
    }
    System.err.printf("ingest: %d reports placed, %d already in place, %d not recognised, %d failed%n",
        report.placed(), report.alreadyInPlace(), report.unrecognised().size(), report.failed().size());
    if (!report.failed().isEmpty()) {
      throw new SalesRankException(report.failed().size() + " reports could not be ingested (listed above);"
          + " their hours stay without _SUCCESS until a good copy arrives");
    }
    return CliSupport.OK;
  }
}
