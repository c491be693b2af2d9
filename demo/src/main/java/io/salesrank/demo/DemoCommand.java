package io.salesrank.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.salesrank.mr.Interruption;
import io.salesrank.mr.SalesRankException;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.cli.SalesRankCommand;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.salesrank.mr.ForkFreeLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code salesrank demo}: an embedded PostgreSQL, a sample week ranked and published into it, and
 * the read API serving it, until Ctrl-C.
 */
@Command(name = "salesrank demo",
    description = "Sample week of sales -> pipeline -> embedded PostgreSQL -> read API, until Ctrl-C.")
public final class DemoCommand extends SalesRankCommand {

  /** The read API's class path, handed over by bin/salesrank: the API runs in its own JVM. */
  static final String API_CLASSPATH = "SALESRANK_API_CLASSPATH";

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "target/demo",
      description = "Where the sample logs, the ranking and the database go (default ${DEFAULT-VALUE}).")
  File dir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:SALESRANK_HTTP_PORT:-8080}",
      converter = CliSupport.Port.class,
      description = "The API's port (default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--db-port", paramLabel = "PORT", defaultValue = "${env:SALESRANK_DEMO_DB_PORT:-25432}",
      converter = CliSupport.Port.class,
      description = "The embedded PostgreSQL's port (default ${DEFAULT-VALUE}), for suppress, run, load to reach.")
  int dbPort;

  @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "${env:SALESRANK_ADMIN_PORT:-8081}",
      converter = CliSupport.Port.class,
      description = "The API's admin port (default ${DEFAULT-VALUE}).")
  int adminPort;

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    ForkFreeLocalFileSystem.preferIn(conf);
    System.exit(ToolRunner.run(conf, new DemoCommand(), args));
  }

  @Override
  public Integer call() throws Exception {
    // Before any work: a taken port would otherwise fail only after the week is ranked. (A server an
    // earlier demo left running is stopped first: its port is the demo's own.)
    File base = dir.getAbsoluteFile();
    DemoPostgres.stopLeftover(new File(base, "postgres"), System.err);
    requireFree(port, "--port");
    requireFree(adminPort, "--admin-port");
    requireFree(dbPort, "--db-port");
    String apiClasspath = System.getenv(API_CLASSPATH);
    if (apiClasspath == null) {
      throw new SalesRankException(API_CLASSPATH + " is not set: start the demo with bin/salesrank demo");
    }
    Files.createDirectories(base.toPath());
    System.err.println("demo: starting an embedded PostgreSQL");
    EmbeddedPostgres pg = DemoPostgres.start(new File(base, "postgres"), dbPort, System.err);
    Process[] api = new Process[1];
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (api[0] != null) {
        api[0].destroy();
        try {
          api[0].waitFor();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        pg.close();
      } catch (IOException e) {
        System.err.println("demo: could not stop PostgreSQL: " + e.getMessage());
      }
    }, "demo-shutdown"));

    String url = pg.getJdbcUrl("postgres", "postgres");
    // The last complete hour: the one the hourly coordinator would rank now.
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    DemoData.publishSampleWeek(getConf(), new Path(base.toURI()), hour, DemoData.Size.DEMO, url, "postgres", null,
        System.err);

    System.err.printf("demo: starting the read API on :%d (admin :%d)%n", port, adminPort);
    ProcessBuilder builder = new ProcessBuilder(
        new File(System.getProperty("java.home"), "bin/java").getPath(),
        "-Ddw.logging.level=WARN",
        "-cp", apiClasspath, "io.salesrank.api.SalesRankApi", "server", "salesrank-api.yml")
        .inheritIO();
    builder.environment().put("SALESRANK_JDBC_URL", url);
    builder.environment().put("SALESRANK_DB_USER", "postgres");
    builder.environment().put("SALESRANK_DB_PASSWORD", "");
    builder.environment().put("SALESRANK_HTTP_PORT", Integer.toString(port));
    builder.environment().put("SALESRANK_ADMIN_PORT", Integer.toString(adminPort));
    // The demo publishes once: its ranking stays the one served for as long as it runs, healthy.
    builder.environment().put("SALESRANK_MAX_STALENESS", "3650d");
    api[0] = builder.start();
    awaitFirstAnswer(api[0]);
    System.err.printf("""

        salesrank demo is serving the ranking as of %s (Ctrl-C stops it). Try:

          curl -s 'http://localhost:%2$d/api/v1/popular?limit=5'
          curl -s 'http://localhost:%2$d/api/v1/popular?category_id=c1&limit=3'
          curl -s 'http://localhost:%2$d/api/v1/movers?limit=5'
          curl -s 'http://localhost:%2$d/api/v1/products/p8437/history?hours=48'
          curl -s 'http://localhost:%2$d/api/v1/products/p1/history?category_id=c99&hours=48'
          curl -s 'http://localhost:%2$d/api/v1/categories'
          curl -s 'http://localhost:%2$d/api/v1/products/p1/ranks'
          curl -s 'http://localhost:%2$d/api/v1/rankings'
          curl -s 'http://localhost:%2$d/api/v1/popular?ranking=hot&limit=5&stock=last'
          curl -s 'http://localhost:%2$d/api/v1/popular?ranking=rising&limit=5'
          curl -s 'http://localhost:%3$d/healthcheck'
          curl -s 'http://localhost:%3$d/prometheus'
          open http://localhost:%2$d/ in a browser: the page, a category's list and each product's chart
          psql '%4$s' -c 'SELECT * FROM sales_rank_current ORDER BY category_id, rank LIMIT 10'
          psql '%4$s' -c "SELECT * FROM named_rank_current WHERE category_id = '*' AND rank <= 3"

        The other commands reach the demo's database with these (in another terminal):

          export SALESRANK_JDBC_URL=jdbc:postgresql://localhost:%5$d/postgres SALESRANK_DB_USER=postgres
          bin/salesrank suppress add p3985 --reason recalled    # c1's #1 leaves /popular within seconds
          bin/salesrank suppress list
          printf 'p3985\\t0\\n' > /tmp/stock.tsv && bin/salesrank stock set /tmp/stock.tsv   # a whole new stock list

        """, hour.plus(Duration.ofHours(1)), port, adminPort,
        "postgresql://postgres@localhost:" + pg.getPort() + "/postgres", pg.getPort());
    // From here Ctrl-C is how the demo ends, not an interruption of its work.
    Interruption.disarm();
    return api[0].waitFor() == 0 ? CliSupport.OK : CliSupport.FAILURE;
  }

  private static void requireFree(int port, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new SalesRankException("port " + port + " is taken (another demo or server?); stop it, or choose"
          + " another with " + option);
    }
  }

  private void awaitFirstAnswer(Process api) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/popular")).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!api.isAlive()) {
        throw new SalesRankException("the read API exited with status " + api.exitValue()
            + "; is port " + port + " or " + adminPort + " taken? (--port, --admin-port)");
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new SalesRankException("the read API did not answer within 60 s");
  }
}
