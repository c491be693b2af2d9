package io.salesrank.api;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.UndefinedEnvironmentVariableException;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.salesrank.shared.Messages;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * Dropwizard's {@code server} command, which first makes sure its ports are free, and tells a failure
 * to start in one line on stderr (what went wrong, what to do) instead of a stack trace;
 * {@code SALESRANK_DEBUG} adds the trace. Dropwizard then exits 1.
 */
final class ApiServerCommand extends ServerCommand<ApiConfiguration> {

  private static final String JDBC_URL = "SALESRANK_JDBC_URL";
  private static final String HTTP_PORT = "SALESRANK_HTTP_PORT";
  private static final String ADMIN_PORT = "SALESRANK_ADMIN_PORT";

  /** How commons-text, under Dropwizard's strict substitutor, names an unset variable. */
  private static final Pattern VARIABLE = Pattern.compile("variable '([^']+)'");

  ApiServerCommand(SalesRankApi application) {
    super(application);
  }

  /** A failure to start told in one line, what to do included. */
  private static final class NotStarted extends Exception {
    NotStarted(String line) {
      super(line, null, false, false);
    }
  }

  @Override
  protected void run(Bootstrap<ApiConfiguration> bootstrap, Namespace namespace, ApiConfiguration configuration)
      throws Exception {
    // Before the pool, the schema check and the refresher start: Jetty binds its ports last, and
    // its failure to bind is a stack trace in the log.
    checkPorts(configuration.getServerFactory(), file(namespace));
    super.run(bootstrap, namespace, configuration);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable e) {
    PrintWriter err = cli.getStdErr();
    err.println("serve: " + describe(e, file(namespace)));
    if (System.getenv("SALESRANK_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
  }

  private static String file(Namespace namespace) {
    return namespace.getString("file");
  }

  /** The line that tells {@code e}, a failure to start with the configuration {@code file}. */
  private static String describe(Throwable e, String file) {
    if (e instanceof NotStarted) {
      return e.getMessage();
    }
    if (e instanceof FileNotFoundException) {
      return Messages.firstLine(e.getMessage()) + "; name an existing YAML file, or none for the bundled "
          + SalesRankApi.DEFAULT_CONFIG;
    }
    if (e instanceof UndefinedEnvironmentVariableException) {
      Matcher m = VARIABLE.matcher(Messages.firstLine(e.getMessage()));
      if (!m.find()) {
        return file + ": " + Messages.firstLine(e.getMessage()) + "; set the variable it names";
      }
      String variable = m.group(1);
      return variable + " is not set, and " + file + " needs it; set " + variable
          + (variable.equals(JDBC_URL) ? " to the JDBC URL of the database the rankings are published in,"
              + " e.g. jdbc:postgresql://localhost:5432/salesrank" : "");
    }
    if (e instanceof ConfigurationException c) {
      String errors = c.getErrors().stream().map(Messages::firstLine).collect(Collectors.joining("; "));
      return file + " is not a valid configuration: " + errors + "; correct it (salesrank serve --help says what"
          + " serve reads)";
    }
    String message = Messages.firstLine(e.getMessage() == null ? e.toString() : e.getMessage());
    String cause = Messages.rootMessage(e);
    return "the read API could not start: " + (message.contains(cause) ? message : message + " (" + cause + ")")
        + "; set SALESRANK_DEBUG=1 for the stack trace";
  }

  /**
   * Binds each configured port for a moment, as Jetty will: a port that is taken, or used twice, fails
   * here in one line that says which port it is and where it is set.
   */
  private static void checkPorts(ServerFactory server, String file) throws NotStarted {
    boolean bundled = SalesRankApi.onClassPath(file);
    Map<Integer, String> seen = new HashMap<>();
    if (server instanceof DefaultServerFactory f) {
      for (ConnectorFactory c : f.getApplicationConnectors()) {
        checkPort(c, "the HTTP port", bundled ? HTTP_PORT : "server.applicationConnectors in " + file, seen);
      }
      for (ConnectorFactory c : f.getAdminConnectors()) {
        checkPort(c, "the admin port", bundled ? ADMIN_PORT : "server.adminConnectors in " + file, seen);
      }
    } else if (server instanceof SimpleServerFactory f) {
      checkPort(f.getConnector(), "the port", "server.connector in " + file, seen);
    }
  }

  private static void checkPort(ConnectorFactory connector, String role, String setBy, Map<Integer, String> seen)
      throws NotStarted {
    if (!(connector instanceof HttpConnectorFactory http) || http.getPort() == 0) {
      return;  // port 0: any free port
    }
    int port = http.getPort();
    String other = seen.putIfAbsent(port, role);
    if (other != null) {
      throw new NotStarted("port " + port + " is both " + other + " and " + role + "; set " + setBy
          + " to another port");
    }
    InetSocketAddress address = http.getBindHost() == null
        ? new InetSocketAddress(port) : new InetSocketAddress(http.getBindHost(), port);
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(http.isReuseAddress());
      socket.bind(address);
    } catch (IOException e) {
      throw new NotStarted("cannot listen on port " + port + " (" + role + "): " + Messages.firstLine(e.getMessage())
          + "; stop what holds it, or set " + setBy + " to a free port");
    }
  }
}
