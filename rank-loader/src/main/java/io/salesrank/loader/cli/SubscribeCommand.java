package io.salesrank.loader.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.salesrank.loader.Database;
import io.salesrank.loader.push.Subscriptions;
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
 * {@code salesrank subscribe add|remove ID|list}: webhooks that {@code notify} pushes rank changes to
 * (docs/pushes.md). The secret comes from the environment, never the command line, and is never printed.
 */
@Command(name = "salesrank subscribe",
    description = "Keeps the webhooks notify pushes rank changes to: add registers one (printing its id), remove"
        + " ID forgets it and its pushes, list prints id TAB ranking TAB url TAB products TAB categories TAB"
        + " created_at TAB pending pushes (never a secret).")
public final class SubscribeCommand extends SalesRankCommand {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "add|remove|list", description = "What to do.")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The subscription to remove.")
  String id;

  @Option(names = "--url", paramLabel = "URL", description = "add: where to POST (http or https).")
  String url;

  @Option(names = "--secret-env", paramLabel = "VAR",
      description = "add: the environment variable holding the shared secret (at least "
          + Subscriptions.MIN_SECRET_LENGTH + " characters) that signs every push.")
  String secretEnv;

  @Option(names = "--ranking", paramLabel = "NAME",
      description = "add: the ranking name whose changes to push (default " + Ids.DEFAULT_RANKING + ").")
  String ranking;

  @Option(names = "--product", paramLabel = "P", description = "add: a product to watch, in every category"
      + " (repeatable).")
  List<String> products = List.of();

  @Option(names = "--category", paramLabel = "C", description = "add: a category whose top list to watch, * for"
      + " the overall one (repeatable).")
  List<String> categories = List.of();

  @Mixin
  DbOptions db;

  private final PrintStream out;
  private final Map<String, String> env;

  public SubscribeCommand() {
    this(System.out, System.getenv());
  }

  SubscribeCommand(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    switch (action) {
      case "add" -> add();
      case "remove" -> remove();
      case "list" -> list();
      default -> throw usage("unknown action '" + action + "': use add, remove or list");
    }
    return CliSupport.OK;
  }

  private void add() throws Exception {
    if (id != null) {
      throw usage("add takes no ID");
    }
    if (url == null || secretEnv == null) {
      throw usage("add needs --url and --secret-env");
    }
    String name = ranking == null ? Ids.DEFAULT_RANKING : ranking;
    Subscriptions.Subscription s;
    try {
      if (!Ids.isRankingName(name)) {
        throw new IllegalArgumentException("--ranking must match " + Ids.NAME_PATTERN + ", got '" + name + "'");
      }
      Subscriptions.checkWatches(products, categories);
      s = new Subscriptions.Subscription(Subscriptions.url(url), name, products, categories);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    String secret = env.get(secretEnv);
    if (secret == null || secret.isEmpty()) {
      throw usage("the environment variable " + secretEnv + " named by --secret-env is not set");
    }
    if (secret.length() < Subscriptions.MIN_SECRET_LENGTH) {
      throw usage("the secret in " + secretEnv + " is shorter than " + Subscriptions.MIN_SECRET_LENGTH
          + " characters");
    }
    db.require();
    long added = inDatabase(c -> Subscriptions.add(c, s, secret));
    out.println(added);
    out.flush();
    System.err.printf("subscribe: subscription %d pushes ranking %s changes of %s and %s to %s%n", added, name,
        Messages.count(s.products().size(), "product"), Messages.count(s.categories().size(), "category",
            "categories"), s.host());
  }

  private void remove() throws Exception {
    if (id == null || !id.matches("\\d{1,18}")) {
      throw usage("remove needs the subscription's ID (a number, as subscribe list prints it)");
    }
    checkNoAddOptions();
    db.require();
    if (!inDatabase(c -> Subscriptions.remove(c, Long.parseLong(id)))) {
      throw new SalesRankException("no subscription " + id + "; subscribe list shows those there are");
    }
    System.err.println("subscribe: subscription " + id + " removed, with its pushes");
  }

  private void list() throws Exception {
    if (id != null) {
      throw usage("list takes no ID");
    }
    checkNoAddOptions();
    db.require();
    inDatabase(c -> {
      Subscriptions.list(c, out);
      return null;
    });
  }

  private void checkNoAddOptions() {
    if (url != null || secretEnv != null || ranking != null || !products.isEmpty() || !categories.isEmpty()) {
      throw usage("--url, --secret-env, --ranking, --product and --category go with add only");
    }
  }

  private interface Work<T> {
    T in(Connection c) throws SQLException;
  }

  private <T> T inDatabase(Work<T> work) throws Exception {
    try (Database database = db.open(getConf()); Connection c = database.dataSource().getConnection()) {
      return work.in(c);
    } catch (SQLException e) {
      throw new SalesRankException("cannot " + action + " subscriptions: " + Messages.rootMessage(e), e);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
