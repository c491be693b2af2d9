package io.salesrank.loader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.salesrank.loader.WebhookReceiver;
import io.salesrank.mr.CapturedStderr;
import io.salesrank.mr.LocalHadoop;
import io.salesrank.testing.MigratedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code subscribe}, {@code notify} and {@code run --notify} as a user runs them (docs/pushes.md). */
class SubscribeCliTest {

  private static final String SECRET = "a-secret-long-enough-0123456789";

  @TempDir
  static Path dir;
  static Path logs;
  @RegisterExtension
  final MigratedPostgres pg = MigratedPostgres.empty();
  @RegisterExtension
  final CapturedStderr err = new CapturedStderr();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeAll
  static void generate() throws Exception {
    logs = dir.resolve("logs");
    PrintStream original = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertThat(SalesRankCli.run(LocalHadoop.conf(dir), new String[] {"generate", "--out", logs.toString(),
          "--start", "2026-11-22T00", "--hours", "14", "--sales-per-hour", "200", "--products", "300",
          "--categories", "5"})).isZero();
    } finally {
      System.setErr(original);
    }
  }

  private int subscribe(Map<String, String> env, String... args) throws Exception {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--jdbc-url", pg.jdbcUrl(), "--db-user", MigratedPostgres.USER}, 0, all,
        args.length, 4);
    return ToolRunner.run(new Configuration(), new SubscribeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        env), all);
  }

  private int salesrank(String... args) throws Exception {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(new String[] {"--jdbc-url", pg.jdbcUrl(), "--db-user", MigratedPostgres.USER}, 0, all,
        args.length, 4);
    return SalesRankCli.run(LocalHadoop.conf(dir), all);
  }

  @Test
  void aBadSubscriptionIsAUsageErrorInOneLine() throws Exception {
    Map<String, String> env = Map.of("HOOK", SECRET, "SHORT", "abc");
    Map<List<String>, String> refused = Map.of(
        List.of("add", "--url", "http://h.example/x", "--secret-env", "NOPE", "--product", "p1"),
        "the environment variable NOPE named by --secret-env is not set",
        List.of("add", "--url", "http://h.example/x", "--secret-env", "SHORT", "--product", "p1"),
        "the secret in SHORT is shorter than 16 characters",
        List.of("add", "--url", "ftp://h.example/x", "--secret-env", "HOOK", "--product", "p1"),
        "--url must be an http or https URL",
        List.of("add", "--url", "https://me:pw@h.example/x", "--secret-env", "HOOK", "--product", "p1"),
        "--url must not carry a user name or password: the signature authenticates each push",
        List.of("add", "--url", "https://h.example/x", "--secret-env", "HOOK"),
        "a subscription watches at least one --product or --category",
        List.of("add", "--url", "https://h.example/x", "--secret-env", "HOOK", "--category", "a b"),
        "category id 'a b' must match [A-Za-z0-9_.:-]{1,64} (or be *)",
        List.of("remove", "x"), "remove needs the subscription's ID (a number, as subscribe list prints it)",
        List.of("list", "--url", "https://h.example/x"), "--url, --secret-env, --ranking, --product and --category"
            + " go with add only");
    for (Map.Entry<List<String>, String> c : refused.entrySet()) {
      err.reset();
      assertThat(subscribe(env, c.getKey().toArray(String[]::new))).as(c.getKey().toString()).isEqualTo(2);
      assertThat(err.lines().get(0)).isEqualTo("salesrank subscribe: " + c.getValue());
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aSubscriptionIsAddedListedWithoutItsSecretAndRemoved() throws Exception {
    Map<String, String> env = Map.of("HOOK", SECRET);
    assertThat(subscribe(env, "add", "--url", "https://Seller.example/hook?k=1", "--secret-env", "HOOK",
        "--product", "p2", "--product", "p1", "--category", "*")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1\n");
    assertThat(err.lines()).containsExactly("subscribe: subscription 1 pushes ranking default changes of 2 products"
        + " and 1 category to seller.example:443");
    out.reset();
    assertThat(subscribe(env, "list")).isZero();
    String listed = out.toString(StandardCharsets.UTF_8);
    assertThat(listed).matches("1\tdefault\thttps://Seller.example/hook\\?k=1\tp1,p2\t\\*\t\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z\t0\n");
    assertThat(listed + String.join("\n", err.lines())).doesNotContain(SECRET);
    assertThat(pg.scalar("SELECT secret FROM subscription_secret WHERE subscription_id = 1")).isEqualTo(SECRET);
    assertThat(subscribe(env, "remove", "1")).isZero();
    assertThat(pg.scalar("SELECT count(*) FROM subscription_secret")).isEqualTo("0");
    err.reset();
    assertThat(subscribe(env, "remove", "1")).isEqualTo(1);
    assertThat(err.lines()).containsExactly("salesrank subscribe: no subscription 1; subscribe list shows those there are");
  }

  @Test
  void runNotifyPublishesEvenWhenAPushFailsAndTheNextNotifyDeliversIt() throws Exception {
    int down;
    try (ServerSocket closed = new ServerSocket(0)) {
      down = closed.getLocalPort();
    }
    assertThat(subscribe(Map.of("HOOK", SECRET), "add", "--url", "http://127.0.0.1:" + down + "/hook",
        "--secret-env", "HOOK", "--category", "*")).isZero();
    err.reset();
    assertThat(salesrank("run", "--input", logs.toString(), "--hour", "2026-11-22T13", "--notify")).isEqualTo(1);
    assertThat(err.lines().get(err.lines().size() - 1)).isEqualTo("salesrank run: the ranking is published, but"
        + " 1 push still pending, to 127.0.0.1:" + down + "; the next notify sends them again"
        + " (notification_delivery.last_error says why)");
    assertThat(pg.scalar("SELECT count(*) > 0 FROM sales_rank_current")).isEqualTo("t");
    assertThat(pg.scalar("SELECT status || ' ' || attempts || ' ' || last_error FROM notification_delivery"))
        .isEqualTo("pending 3 cannot connect");

    // The receiver comes up where the subscription points: the next notify delivers the same push.
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      assertThat(pg.scalar("SELECT count(*) FROM subscription")).isEqualTo("1");
      try (var c = pg.dataSource().getConnection(); var s = c.createStatement()) {
        s.execute("UPDATE subscription SET url = '" + receiver.receiver("/hook", SECRET) + "'");
      }
      err.reset();
      assertThat(salesrank("notify")).isZero();
      assertThat(receiver.taken()).hasSize(1).first().satisfies(p -> {
        assertThat(p.deliveryId()).isEqualTo(pg.scalar("SELECT delivery_id FROM notification_delivery"));
        assertThat(p.body()).startsWith("{\"subscription_id\":1,\"ranking\":\"default\",\"as_of\":"
            + "\"2026-11-22T14:00:00Z\",\"compared_to\":null,\"changes\":[{\"category_id\":\"*\",\"product_id\":");
      });
      assertThat(err.lines()).last().asString().startsWith("notify: 1 delivered, 0 still pending in ");
      assertThat(pg.scalar("SELECT status || ' ' || attempts FROM notification_delivery")).isEqualTo("delivered 4");
    }
  }
}
