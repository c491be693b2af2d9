package io.salesrank.loader;

import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.salesrank.mr.SalesRankException;
import io.salesrank.shared.Messages;
import io.salesrank.shared.Migrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/** The loader's connection pool, with the schema migrated by Flyway on open. */
public final class Database implements AutoCloseable {

  private final HikariDataSource pool;
  private final MigrateResult migration;

  private Database(HikariDataSource pool, MigrateResult migration) {
    this.pool = pool;
    this.migration = migration;
  }

  /**
   * Connects and migrates; an unreachable database or a failed migration is a
   * {@link SalesRankException} naming the URL (never the password).
   */
  public static Database open(String jdbcUrl, String user, String password) {
    return open(jdbcUrl, user, password, 2);
  }

  /** As {@link #open(String, String, String)}, with up to {@code connections} connections at once. */
  public static Database open(String jdbcUrl, String user, String password, int connections) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setPoolName("salesrank-loader");
    config.setMaximumPoolSize(connections);
    config.setConnectionTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      throw new SalesRankException("cannot connect to the database at " + redact(jdbcUrl) + ": " + Messages.rootMessage(e)
          + "; check --jdbc-url (or SALESRANK_JDBC_URL), the user and password, and that PostgreSQL is running", e);
    }
    try {
      MigrateResult result = Flyway.configure().dataSource(pool).locations(Migrations.LOCATION).load().migrate();
      return new Database(pool, result);
    } catch (FlywayException e) {
      pool.close();
      throw new SalesRankException("cannot migrate the schema at " + redact(jdbcUrl) + ": " + Messages.rootMessage(e), e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /** A line for the operator: the schema version and what this start applied. */
  public String describeMigration() {
    return "schema version " + (migration.targetSchemaVersion != null ? migration.targetSchemaVersion
        : migration.initialSchemaVersion) + " (" + migration.migrationsExecuted + " migrations applied now)";
  }

  /** The URL without its query string or user info, which may hold a password. */
  static String redact(String jdbcUrl) {
    String url = jdbcUrl == null ? "" : jdbcUrl;
    int query = url.indexOf('?');
    if (query >= 0) {
      url = url.substring(0, query);
    }
    return url.replaceFirst("//[^/@]*@", "//");
  }

  /**
   * Whether {@code e} (or an exception it wraps or suppresses) says the connection is gone: SQLSTATE
   * class 08 (connection exception), a socket failure, or a pooled connection already closed because
   * of one.
   */
  static boolean connectionLost(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!seen.add(t)) {
        continue;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
      if (t instanceof SocketException || t instanceof EOFException) {
        return true;
      }
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
      for (Throwable suppressed : t.getSuppressed()) {
        todo.push(suppressed);
      }
    }
    return false;
  }

  /** Whether {@code c} is closed (the pool closes a connection it found broken); true if that cannot be told. */
  static boolean isClosed(java.sql.Connection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Wraps a database failure in a one-line {@link SalesRankException}. */
  static SalesRankException failure(String what, SQLException e) {
    return new SalesRankException(what + ": " + Messages.rootMessage(e), e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
