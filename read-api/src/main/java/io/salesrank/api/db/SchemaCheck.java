package io.salesrank.api.db;

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
 * is not. An unreachable database only delays the check: the API starts and answers 503.
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
      LOG.warn("Schema not validated, the database is not reachable yet: {}", e.getMessage());
      return;
    }
    if (!result.validationSuccessful) {
      throw new IllegalStateException("the database schema does not match this read API: "
          + result.getAllErrorMessages());
    }
  }
}
