package io.salesrank.loader.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

import io.salesrank.loader.Database;
import io.salesrank.loader.StockList;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.SalesRankCommand;
import io.salesrank.mr.input.LookupFile;
import io.salesrank.shared.Messages;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code salesrank stock set FILE | clear | list}: the stock list the read API shows as {@code in_stock}
 * (docs/cli.md). A set replaces the whole list atomically; the API follows within its refresh interval.
 */
@Command(name = "salesrank stock",
    description = "Keeps the stock list the read API shows: set FILE replaces it whole, atomically (lines"
        + " product_id TAB in_stock, in_stock 1, 0, true or false); clear empties it; list prints product_id TAB"
        + " in_stock TAB updated_at. A file with a bad line changes nothing.")
public final class StockCommand extends SalesRankCommand {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "set|clear|list", description = "What to do.")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FILE",
      description = "The list to set (set only; any Hadoop path).")
  String file;

  @Mixin
  DbOptions db;

  @Override
  public Integer call() throws Exception {
    boolean set = action.equals("set");
    if (!set && !action.equals("clear") && !action.equals("list")) {
      throw usage("unknown action '" + action + "': use set, clear or list");
    }
    if (set != (file != null)) {
      throw usage(set ? "set needs a FILE" : action + " takes no FILE");
    }
    db.require();
    // The file is read and checked whole before the database is reached: a bad line changes nothing.
    StockList list = set ? read(new Path(file)) : StockList.empty();
    try (Database database = db.open(getConf()); Connection c = database.dataSource().getConnection()) {
      if (action.equals("list")) {
        StockList.print(c, System.out);
        return CliSupport.OK;
      }
      StockList.Swapped swapped = list.swapInto(c);
      System.err.printf("stock: %s: %s (%,d in stock, %,d out of stock) in %.1f s; list version %d%n",
          set ? "set" : "cleared", Messages.count(swapped.products(), "product"), swapped.inStock(),
          swapped.products() - swapped.inStock(), swapped.millis() / 1000.0, swapped.version());
    } catch (SQLException e) {
      throw StockList.failure(action, e);
    }
    return CliSupport.OK;
  }

  private StockList read(Path path) throws java.io.IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(LookupFile.open(getConf(), path,
        reason -> new SalesRankException("stock list " + path + ": " + reason + "; the stock list is as it was")),
        StandardCharsets.UTF_8))) {
      return StockList.parse(in, path.toString());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
