package io.salesrank.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;

import io.salesrank.shared.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for tests (zonky's embedded server): one server a fork, a fresh database a test
 * class (a {@code static} {@code @RegisterExtension} field) or a test method (an instance field),
 * migrated by Flyway to the latest schema, to an older version, or left empty. {@link #stop} and
 * {@link #start} take the server away and bring it back on the same port and data, for outage drills;
 * whatever a test did, the next one finds it running.
 */
public final class MigratedPostgres implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {

  /** The role every database here belongs to; the server trusts local connections. */
  public static final String USER = "postgres";

  /** The versioned migrations of earlier releases, in order. */
  public static final List<String> RELEASED = List.of("V1__create_sales_rank.sql",
      "V2__partition_sales_rank_by_run.sql", "V3__span_hours_and_newest_as_of.sql");

  private static final AtomicInteger NEXT = new AtomicInteger();
  private static Server server;

  /** The released schema version to start at; null: the latest. */
  private final String target;
  private final boolean migrate;
  private boolean perClass;
  private String database;
  private final List<String> extra = new ArrayList<>();

  private MigratedPostgres(boolean migrate, String target) {
    this.migrate = migrate;
    this.target = target;
  }

  /** A database migrated to the latest schema. */
  public static MigratedPostgres migrated() {
    return new MigratedPostgres(true, null);
  }

  /**
   * A database as the release of schema {@code version} (1 to 3) left it, to test upgrades from it:
   * the versioned migrations up to it and that release's reporting views (for 1 and 2, the view V2
   * recreates as they defined it; for 3, {@code db/views-v3} on the test class path). Flyway applies
   * repeatable migrations whatever the target, and today's views need tables and columns of later
   * versions, so a target alone cannot.
   */
  public static MigratedPostgres atVersion(int version) {
    return new MigratedPostgres(true, Integer.toString(version));
  }

  /** A database without any schema: what a service meets when it is deployed before the first migration. */
  public static MigratedPostgres empty() {
    return new MigratedPostgres(false, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    create();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    drop();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      create();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    server().ensureRunning();
    if (!perClass) {
      drop();
    }
  }

  /** {@code jdbc:postgresql://localhost:PORT/DATABASE?user=postgres}: this test's database. */
  public String jdbcUrl() {
    return jdbcUrlWithoutUser() + "?user=" + USER;
  }

  /** The same database, the user left to the client. */
  public String jdbcUrlWithoutUser() {
    return "jdbc:postgresql://localhost:" + server().port + "/" + database();
  }

  public String databaseName() {
    return database();
  }

  public int port() {
    return server().port;
  }

  /** A data source of this test's database that survives {@link #stop}/{@link #start}. */
  public DataSource dataSource() {
    return dataSource(database(), USER);
  }

  /** A data source of this test's database as {@code user} (a role the test made). */
  public DataSource dataSource(String user) {
    return dataSource(database(), user);
  }

  /** The server's maintenance database: roles and other databases are made through it. */
  public DataSource adminDataSource() {
    return dataSource("postgres", USER);
  }

  /** Migrates this test's database to the latest schema (a database that began {@link #empty()}). */
  public void migrate() {
    flyway(dataSource(), Migrations.LOCATION).migrate();
  }

  /** Migrates this test's database as the release of schema {@code version} left it (see {@link #atVersion}). */
  public void migrateToRelease(int version) throws IOException {
    flyway(dataSource(), releasedScripts(version)).migrate();
  }

  /** Takes the server away: every connection drops, new ones are refused, until {@link #start}. */
  public void stop() {
    server().stop();
  }

  /** Brings the server back on the same port with the same data. */
  public void start() {
    server().ensureRunning();
  }

  /** The rows {@code sql} selects, each column as text. */
  public List<List<String>> query(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
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

  /** The first column of the first row {@code sql} selects. */
  public String scalar(String sql) throws SQLException {
    return query(sql).get(0).get(0);
  }

  private String database() {
    if (database == null) {
      throw new IllegalStateException("no database yet: register the extension with @RegisterExtension");
    }
    return database;
  }

  /**
   * Another database, dropped with this test's: migrated to the latest schema ({@code version} null),
   * to a released {@code version} (see {@link #atVersion}), or empty ({@code version} 0).
   */
  public DataSource newDatabase(Integer version) throws SQLException, IOException {
    String name = "t" + NEXT.incrementAndGet();
    try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    extra.add(name);
    DataSource ds = dataSource(name, USER);
    if (version == null) {
      flyway(ds, Migrations.LOCATION).migrate();
    } else if (version > 0) {
      flyway(ds, releasedScripts(version)).migrate();
    }
    return ds;
  }

  private void create() throws SQLException, IOException {
    String name = "t" + NEXT.incrementAndGet();
    try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    database = name;
    if (migrate) {
      flyway(dataSource(), target == null ? Migrations.LOCATION : releasedScripts(Integer.parseInt(target))).migrate();
    }
  }

  /** A directory holding the versioned migrations up to {@code version} and that release's views. */
  private static String releasedScripts(int version) throws IOException {
    if (version < 1 || version > RELEASED.size()) {
      throw new IllegalArgumentException("released schema versions are 1 to " + RELEASED.size() + ", not " + version);
    }
    Path scripts = Files.createTempDirectory(server().data.getParent(), "v" + version + "-");
    for (String script : RELEASED.subList(0, version)) {
      copyResource("/db/migration/" + script, scripts.resolve(script));
    }
    Path views = scripts.resolve("R__reporting_views.sql");
    if (version >= 3) {
      copyResource("/db/views-v3/R__reporting_views.sql", views);
    } else {
      // Releases 1 and 2 shipped one view, sales_rank_current, which V2 drops and recreates as it was.
      String v2;
      try (InputStream in = MigratedPostgres.class.getResourceAsStream("/db/migration/" + RELEASED.get(1))) {
        v2 = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      Files.writeString(views, v2.substring(v2.indexOf("CREATE VIEW sales_rank_current AS"))
          .replace("CREATE VIEW", "CREATE OR REPLACE VIEW"));
    }
    return "filesystem:" + scripts;
  }

  private static void copyResource(String resource, Path to) throws IOException {
    try (InputStream in = MigratedPostgres.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the class path");
      }
      Files.copy(in, to);
    }
  }

  private void drop() throws SQLException {
    if (database != null) {
      extra.add(database);
    }
    try (Connection c = adminDataSource().getConnection(); Statement s = c.createStatement()) {
      for (String name : extra) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
    extra.clear();
    database = null;
  }

  private static Flyway flyway(DataSource ds, String location) {
    return Flyway.configure().dataSource(ds).locations(location).load();
  }

  private static DataSource dataSource(String database, String user) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl("jdbc:postgresql://localhost:" + server().port + "/" + database);
    ds.setUser(user);
    return ds;
  }

  private static synchronized Server server() {
    if (server == null) {
      server = new Server();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
    }
    return server;
  }

  /** The fork's server: its data directory and port stay the same across a stop and a start. */
  private static final class Server {
    private final Path data;
    private final int port;
    private EmbeddedPostgres pg;

    Server() {
      try {
        Path base = Path.of(System.getProperty("ot.epg.working-dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        data = Files.createTempDirectory(base, "pg-data-");
        try (ServerSocket free = new ServerSocket(0)) {
          port = free.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ensureRunning();
    }

    synchronized void ensureRunning() {
      if (pg == null) {
        try {
          pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
        } catch (IOException e) {
          throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
      }
    }

    synchronized void stop() {
      if (pg != null) {
        try {
          pg.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          pg = null;
        }
      }
    }

    void close() {
      stop();
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // The build's clean removes what is left.
      }
    }
  }
}
