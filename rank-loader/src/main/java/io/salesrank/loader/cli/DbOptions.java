package io.salesrank.loader.cli;

import java.io.IOException;

import io.salesrank.loader.Database;
import io.salesrank.mr.SalesRankException;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --jdbc-url --db-user --db-password}, falling back to {@code SALESRANK_JDBC_URL},
 * {@code SALESRANK_DB_USER} and {@code SALESRANK_DB_PASSWORD} (docs/cli.md).
 */
public class DbOptions {

  private static final String POSTGRESQL_URL = "jdbc:postgresql:";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--jdbc-url", paramLabel = "URL",
      description = "PostgreSQL JDBC URL, jdbc:postgresql://HOST:PORT/DB (default: $SALESRANK_JDBC_URL).")
  String jdbcUrl;

  @Option(names = "--db-user", paramLabel = "U", description = "Database user (default: $SALESRANK_DB_USER).")
  String user;

  @Option(names = "--db-password", paramLabel = "P",
      description = "Database password (default: $SALESRANK_DB_PASSWORD; prefer the variable, which ps does not show).")
  String password;

  @Option(names = "--db-password-alias", paramLabel = "ALIAS",
      description = "Read the password from Hadoop's credential providers (hadoop.security.credential."
          + "provider.path, e.g. a JCEKS file) under this alias: no secret in job properties.")
  String passwordAlias;

  /** Checks that a PostgreSQL database is named (a usage error otherwise), before any work starts. */
  void require() {
    String url = url();
    if (url == null) {
      throw new ParameterException(spec.commandLine(), "no database: pass --jdbc-url or set SALESRANK_JDBC_URL");
    }
    if (!url.startsWith(POSTGRESQL_URL)) {
      throw new ParameterException(spec.commandLine(), "the database URL must be a PostgreSQL JDBC URL ("
          + POSTGRESQL_URL + "//HOST:PORT/DB), got one starting '" + url.substring(0, Math.min(url.length(),
              url.indexOf(':', 5) + 1)) + "'");
    }
  }

  Database open(Configuration conf) throws IOException {
    return open(conf, 2);
  }

  /** The database, with up to {@code connections} connections at once. */
  Database open(Configuration conf, int connections) throws IOException {
    String secret = orEnv(password, "SALESRANK_DB_PASSWORD");
    if (passwordAlias != null) {
      char[] fromProvider = conf.getPassword(passwordAlias);
      if (fromProvider == null) {
        throw new SalesRankException("no password under the alias " + passwordAlias
            + " in the credential providers (hadoop.security.credential.provider.path)");
      }
      secret = new String(fromProvider);
    }
    return Database.open(url(), orEnv(user, "SALESRANK_DB_USER"), secret, connections);
  }

  private String url() {
    return orEnv(jdbcUrl, "SALESRANK_JDBC_URL");
  }

  private static String orEnv(String value, String variable) {
    if (value != null) {
      return value;
    }
    String env = System.getenv(variable);
    return env == null || env.isBlank() ? null : env;
  }
}
