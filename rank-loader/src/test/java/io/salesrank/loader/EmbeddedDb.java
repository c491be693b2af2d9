package io.salesrank.loader;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL server for a test class, handing out fresh empty databases. */
final class EmbeddedDb implements AutoCloseable {

  private static final AtomicInteger NEXT = new AtomicInteger();

  private final EmbeddedPostgres pg;

  EmbeddedDb() throws IOException {
    pg = EmbeddedPostgres.start();
  }

  /** Creates a new empty database and returns its name. */
  String newDatabase() throws SQLException {
    String name = "salesrank_" + NEXT.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  String jdbcUrl(String database) {
    return pg.getJdbcUrl("postgres", database);
  }

  DataSource dataSource(String database) {
    return pg.getDatabase("postgres", database);
  }

  static List<List<String>> query(DataSource db, String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static String scalar(DataSource db, String sql) throws SQLException {
    return query(db, sql).get(0).get(0);
  }

  @Override
  public void close() throws IOException {
    pg.close();
  }
}
