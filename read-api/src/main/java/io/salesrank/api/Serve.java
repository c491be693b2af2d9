package io.salesrank.api;

import io.salesrank.api.resources.Endpoint;

/**
 * {@code salesrank serve [CONFIG.yml]}: runs the read API with the named configuration, or the
 * bundled one, through Dropwizard's {@code server} command ({@link ApiServerCommand}). Exit: 0 ok,
 * 1 it cannot start (one line on stderr says why and what to do), 2 usage error.
 */
public final class Serve {

  private static final int USAGE = 2;

  private static final String HELP = """
      usage: salesrank serve [CONFIG.yml]

      Runs the read API until stopped, answering from the current ranking held in memory (the history
      from the database):

        %s
      and GET / (a page for people), GET /api/v1/openapi.json (the OpenAPI document). Every route but
      rankings takes ranking=NAME (default: default); stock=S is show (default), last or hide.

        CONFIG.yml   a Dropwizard configuration (server, logging, database, ranking); without it the
                     bundled salesrank-api.yml, which reads the environment:

        SALESRANK_JDBC_URL     the database the rankings are published in, required,
                               e.g. jdbc:postgresql://localhost:5432/salesrank
        SALESRANK_DB_USER      its user (default: none)
        SALESRANK_DB_PASSWORD  its password (default: none)
        SALESRANK_HTTP_PORT    the API's port (default 8080)
        SALESRANK_ADMIN_PORT   the admin port (default 8081): /healthcheck, /metrics, /prometheus
        SALESRANK_MAX_STALENESS  the age past which /healthcheck calls the ranking stale (default 3h;
                               e.g. 30d to serve old logs' rankings)

      The API needs only SELECT on the schema. It may start before anything is published, even
      before the schema exists: it answers 503 until a first ranking is published, then follows
      new publishes without a restart. While the database is unreachable it keeps serving the
      last ranking it loaded.

      SALESRANK_DEBUG=1 adds stack traces to failures. Exit status: 0 for --help, 1 when it
      cannot start (one line on stderr says why and what to do), 2 usage error.
      """.formatted(String.join("\n  ", Endpoint.help()));

  private Serve() {
  }

  public static void main(String[] args) throws Exception {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.print(HELP);
        return;
      }
    }
    String problem = usageProblem(args);
    if (problem != null) {
      System.err.println("serve: " + problem);
      System.err.println("Try 'salesrank serve --help' for usage.");
      System.exit(USAGE);
    }
    new SalesRankApi().run("server", args.length == 0 ? SalesRankApi.DEFAULT_CONFIG : args[0]);
  }

  /** What is wrong with {@code args}, or null: they are at most one CONFIG.yml. */
  private static String usageProblem(String[] args) {
    for (String arg : args) {
      if (arg.startsWith("-") && arg.length() > 1) {
        return "unknown option '" + arg + "'";
      }
    }
    return args.length > 1 ? "expected at most one CONFIG.yml, got " + args.length + " arguments" : null;
  }
}
