package io.salesrank.api.db;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.salesrank.shared.Migrations;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.ValidateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates, never migrates, the schema at start: the loader owns migrations. Migrations not yet
 * applied are fine (the API may be deployed first); an applied migration that differs from ours
 * is not. An unreachable database only delays the check: the API starts and answers 503. A role
 * that may not read the schema is a mistake in the deployment, not an outage: the start fails.
 */
public final class SchemaCheck {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);

  private final DataSource db;

  public SchemaCheck(DataSource db) {
    this.db = db;
  }

  public void validate() {
    ValidateResult result;
    try {
      result = Flyway.configure().dataSource(db).locations(Migrations.LOCATION)
          .ignoreMigrationPatterns("*:pending").load().validateWithResult();
    } catch (FlywayException e) {
      if (isPermissionDenied(e)) {
        throw new IllegalStateException("the API's database role may not read the schema (" + e.getMessage()
            + "); grant it SELECT as README's \"Least privilege\" shows", e);
      }
      LOG.warn("Schema not validated, the database is not reachable yet: {}", e.getMessage());
      return;
    }
    if (!result.validationSuccessful) {
      throw new IllegalStateException("the database schema does not match this read API: "
          + result.getAllErrorMessages());
    }
  }

  /** SQLSTATE 42501 (insufficient_privilege) anywhere in the causes. */
  static boolean isPermissionDenied(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "42501".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
