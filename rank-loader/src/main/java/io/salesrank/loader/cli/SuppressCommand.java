package io.salesrank.loader.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import io.salesrank.loader.Database;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.SalesRankCommand;
import io.salesrank.shared.Ids;
import io.salesrank.shared.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code salesrank suppress add|remove PRODUCT_ID... [--reason TEXT] | suppress list}: the products
 * the read API must not show (docs/cli.md). The API polls the table with its ranking, so a change
 * shows within its refresh interval; rankings and the reporting views are untouched.
 */
@Command(name = "salesrank suppress",
    description = "Keeps the list of products the read API must not show: add (with an optional reason),"
        + " remove, or list (product_id TAB reason TAB added_at). The API follows it within seconds, with no"
        + " new ranking run; rankings and the reporting views do not change.")
public final class SuppressCommand extends SalesRankCommand {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "add|remove|list", description = "What to do.")
  String action;

  @Parameters(index = "1..*", paramLabel = "PRODUCT_ID", description = "Products to add or remove.")
  List<String> productIds = List.of();

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why the products are suppressed (add only).")
  String reason;

  @Mixin
  DbOptions db;

  private final PrintStream out;

  public SuppressCommand() {
    this(System.out);
  }

  SuppressCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    checkArguments();
    db.require();
    try (Database database = db.open(getConf()); Connection c = database.dataSource().getConnection()) {
      switch (action) {
        case "add" -> update(c, """
            INSERT INTO product_suppression (product_id, reason) VALUES (?, ?)
            ON CONFLICT (product_id) DO UPDATE SET reason = coalesce(EXCLUDED.reason, product_suppression.reason)""");
        case "remove" -> update(c, "DELETE FROM product_suppression WHERE product_id = ?");
        default -> list(c);
      }
    } catch (SQLException e) {
      throw new SalesRankException("cannot " + action + " suppressed products: " + Messages.rootMessage(e), e);
    }
    return CliSupport.OK;
  }

  private void checkArguments() {
    boolean list = action.equals("list");
    if (!list && !action.equals("add") && !action.equals("remove")) {
      throw usage("unknown action '" + action + "': use add, remove or list");
    }
    if (list && !productIds.isEmpty()) {
      throw usage("list takes no product ids");
    }
    if (!list && productIds.isEmpty()) {
      throw usage(action + " needs at least one PRODUCT_ID");
    }
    if (reason != null && !action.equals("add")) {
      throw usage("--reason goes with add only");
    }
    for (String id : productIds) {
      if (!Ids.isId(id)) {
        throw usage("product id '" + id + "' must match " + Ids.PATTERN);
      }
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private void update(Connection c, String sql) throws SQLException {
    // All ids or none: a failure half-way leaves the list as it was.
    c.setAutoCommit(false);
    int changed = 0;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (String id : productIds) {
        ps.setString(1, id);
        if (action.equals("add")) {
          ps.setString(2, reason);
        }
        changed += ps.executeUpdate();
      }
    }
    c.commit();
    System.err.println("suppress: " + (action.equals("add") ? "suppressed " : "no longer suppressed ")
        + changed + " of " + productIds.size() + " products");
  }

  private void list(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("""
        SELECT product_id, coalesce(reason, ''), to_char(added_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
          FROM product_suppression ORDER BY product_id""");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        // A reason is free text: a tab or line break in it would break the line format.
        out.println(rs.getString(1) + '\t' + rs.getString(2).replaceAll("[\\t\\r\\n]", " ") + '\t' + rs.getString(3));
      }
    }
    out.flush();
  }
}
