package io.salesrank.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code salesrank serve} as bin/salesrank runs it, in a JVM of its own with an environment of its
 * own: help, usage errors (exit 2), and failures to start (exit 1) told in one line on stderr.
 */
class ServeTest {

  /** Accepted by the configuration; nothing listens there, and no check gets that far. */
  private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/salesrank";

  @TempDir
  Path dir;

  private record Exit(int status, String out, List<String> err) {
  }

  private Exit serve(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Serve.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("SALESRANK_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("serve " + String.join(" ", args) + " still runs after 60 s; stderr: "
          + Files.readString(err));
    }
    return new Exit(process.exitValue(), Files.readString(out), Files.readAllLines(err));
  }

  /** Exit 1 and exactly one line on stderr, which is returned. */
  private static String oneLineFailure(Exit exit) {
    assertThat(exit.status()).as("exit status; stderr: %s", exit.err()).isEqualTo(1);
    assertThat(exit.err()).hasSize(1);
    assertThat(exit.err().get(0)).startsWith("serve: ");
    return exit.err().get(0);
  }

  @Test
  void helpSaysWhatServeReadsAndExitsZero() throws Exception {
    Exit help = serve(Map.of(), "--help");
    assertThat(help.status()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out()).contains("usage: salesrank serve [CONFIG.yml]", "salesrank-api.yml", "SALESRANK_JDBC_URL",
        "SALESRANK_DB_USER", "SALESRANK_DB_PASSWORD", "SALESRANK_HTTP_PORT", "8080", "SALESRANK_ADMIN_PORT", "8081",
        "/healthcheck", "/metrics", "SELECT", "503");
    assertThat(serve(Map.of(), "-h")).isEqualTo(help);
    // Every route the servlet answers, from the table it routes by.
    assertThat(help.out()).contains("GET /api/v1/popular?", "GET /api/v1/movers?", "GET /api/v1/products/{product_id}/ranks",
        "GET /api/v1/products/{product_id}/history?", "GET /api/v1/categories", "/api/v1/openapi.json", "/prometheus");
  }

  @Test
  void anUnknownOptionIsAUsageErrorThatPointsToHelp() throws Exception {
    Exit exit = serve(Map.of("SALESRANK_JDBC_URL", UNREACHABLE), "--bogus");
    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.err())
        .containsExactly("serve: unknown option '--bogus'", "Try 'salesrank serve --help' for usage.");
  }

  @Test
  void moreThanOneArgumentIsAUsageError() throws Exception {
    Exit exit = serve(Map.of("SALESRANK_JDBC_URL", UNREACHABLE), "a.yml", "b.yml");
    assertThat(exit.status()).isEqualTo(2);
    assertThat(exit.err()).containsExactly("serve: expected at most one CONFIG.yml, got 2 arguments",
        "Try 'salesrank serve --help' for usage.");
  }

  @Test
  void withoutTheJdbcUrlTheBundledConfigurationFailsInOneLineNamingTheVariable() throws Exception {
    assertThat(oneLineFailure(serve(Map.of())))
        .startsWith("serve: SALESRANK_JDBC_URL is not set")
        .contains("jdbc:postgresql://");
  }

  @Test
  void aMissingConfigurationFileFailsInOneLine() throws Exception {
    Path missing = dir.resolve("missing.yml");
    assertThat(oneLineFailure(serve(Map.of("SALESRANK_JDBC_URL", UNREACHABLE), missing.toString())))
        .isEqualTo("serve: no configuration file " + missing
            + "; name an existing YAML file, or none for the bundled salesrank-api.yml");
  }

  @Test
  void anInvalidConfigurationFailsInOneLineNamingTheSetting() throws Exception {
    Path config = dir.resolve("api.yml");
    Files.writeString(config, """
        database:
          url: jdbc:postgresql://127.0.0.1:1/salesrank
        ranking:
          refreshInterval: 1ms
          maxStaleness: 3h
          cacheMaxAge: 60s
        """);
    assertThat(oneLineFailure(serve(Map.of(), config.toString())))
        .startsWith("serve: " + config + " is not a valid configuration: ")
        .contains("ranking.refreshInterval");
  }

  @Test
  void theBundledConfigurationTakesTheStalenessLimitFromTheEnvironment() throws Exception {
    // A value the configuration refuses proves the variable reaches ranking.maxStaleness.
    assertThat(oneLineFailure(serve(Map.of("SALESRANK_JDBC_URL", UNREACHABLE, "SALESRANK_MAX_STALENESS", "soon"))))
        .contains("ranking.maxStaleness");
  }

  @Test
  void aTakenPortFailsInOneLineNamingThePortAndTheVariableThatSetsIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      String port = Integer.toString(taken.getLocalPort());
      assertThat(oneLineFailure(serve(Map.of("SALESRANK_JDBC_URL", UNREACHABLE, "SALESRANK_HTTP_PORT", port,
          "SALESRANK_ADMIN_PORT", "0"))))
          .startsWith("serve: cannot listen on port " + port + " (the HTTP port)")
          .contains("SALESRANK_HTTP_PORT");
      assertThat(oneLineFailure(serve(Map.of("SALESRANK_JDBC_URL", UNREACHABLE, "SALESRANK_HTTP_PORT", "0",
          "SALESRANK_ADMIN_PORT", port))))
          .startsWith("serve: cannot listen on port " + port + " (the admin port)")
          .contains("SALESRANK_ADMIN_PORT");
    }
  }

  @Test
  void aFailureWhileDropwizardStartsIsOneLineAndTheStackTraceOnlyOnRequest() throws Exception {
    // No JDBC driver takes this URL: the pool refuses it while the application starts.
    Map<String, String> env = Map.of("SALESRANK_JDBC_URL", "jdbc:nosuchdatabase://db/salesrank",
        "SALESRANK_HTTP_PORT", "0", "SALESRANK_ADMIN_PORT", "0");
    assertThat(oneLineFailure(serve(env)))
        .startsWith("serve: the read API could not start: ")
        .contains("jdbc:nosuchdatabase://db/salesrank")
        .endsWith("; set SALESRANK_DEBUG=1 for the stack trace");

    Map<String, String> debug = new HashMap<>(env);
    debug.put("SALESRANK_DEBUG", "1");
    Exit exit = serve(debug);
    assertThat(exit.status()).isEqualTo(1);
    assertThat(exit.err().get(0)).startsWith("serve: the read API could not start: ");
    assertThat(exit.err()).anySatisfy(line -> assertThat(line).startsWith("\tat "));
  }
}
