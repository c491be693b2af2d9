package io.salesrank.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: a fresh migrated database each test, older versions, and a server that comes back. */
class MigratedPostgresTest {

  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.migrated();

  @Test
  void eachTestGetsAFreshDatabaseAtTheLatestSchema() throws Exception {
    assertThat(pg.scalar("SELECT count(*) FROM ranking_run")).isEqualTo("0");
    pg.query("SELECT 1");
    assertThat(pg.jdbcUrl()).endsWith("/" + pg.databaseName() + "?user=postgres");
  }

  @Test
  void aStoppedServerRefusesConnectionsAndComesBackWithItsData() throws Exception {
    int port = pg.port();
    try (Connection c = pg.dataSource().getConnection()) {
      c.createStatement().execute("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
    }
    pg.stop();
    assertThatThrownBy(() -> pg.dataSource().getConnection().close()).isInstanceOf(SQLException.class);
    pg.start();
    assertThat(pg.port()).isEqualTo(port);
    assertThat(pg.scalar("SELECT v FROM kept")).isEqualTo("42");
  }

  @Test
  void anOlderReleaseHasOnlyItsMigrationsAndAnEmptyDatabaseNone() throws Exception {
    var v1 = pg.newDatabase(1);
    try (Connection c = v1.getConnection(); var rs = c.createStatement().executeQuery(
        "SELECT max(version::int) FROM flyway_schema_history WHERE version IS NOT NULL")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    var empty = pg.newDatabase(0);
    try (Connection c = empty.getConnection(); var rs = c.createStatement().executeQuery(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }
}
