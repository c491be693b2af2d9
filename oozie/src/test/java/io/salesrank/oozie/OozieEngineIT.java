package io.salesrank.oozie;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.oozie.client.BundleJob;
import org.apache.oozie.client.CoordinatorAction;
import org.apache.oozie.client.CoordinatorJob;
import org.apache.oozie.client.OozieClient;
import org.apache.oozie.client.WorkflowAction;
import org.apache.oozie.client.WorkflowJob;
import org.apache.oozie.client.rest.RestConstants;
import org.apache.oozie.local.LocalOozie;
import org.apache.oozie.test.MiniOozieTestCase;

/**
 * The Oozie application exactly as the assembly packs it ({@code salesrank-oozie-*-app.zip}: bundle,
 * both coordinators, the workflow and {@code lib/}), deployed to a mini HDFS and run by Oozie 5.2.1's own
 * engine ({@code LocalOozie}) on a mini YARN cluster, publishing into a real PostgreSQL.
 *
 * <p>The product's classes are kept off this JVM's class path (see the failsafe configuration): the
 * actions find them in the application's {@code lib/}, as on a cluster, and this test reaches them the
 * same way, through a class loader over that {@code lib/}, to compute each hour's reference ranking on
 * the local runner.
 *
 * <p>One test method: the engine's mini clusters take half a minute to start, and the story is one
 * deployment's: the past hour runs, the current hour waits for its {@code _SUCCESS}, a refresh publishes
 * between, the current hour fails on a stopped database after its retries, and a rerun publishes it.
 */
public class OozieEngineIT extends MiniOozieTestCase {

  private static final DateTimeFormatter OOZIE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR_DIR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH").withZone(ZoneOffset.UTC);
  /** The queue the test cluster has besides {@code default}: the workflow's {@code <global>} must reach the jobs. */
  private static final String QUEUE = "default1";
  private static final int RETRY_MAX = 3;
  private static final int HISTORY_HOURS = 30;

  private final long started = System.nanoTime();
  private Path work;
  private URLClassLoader app;
  private EmbeddedPostgres pg;
  private OozieClient coordinators;
  private OozieClient workflows;

  @Override
  protected void setUp() throws Exception {
    super.setUp();
    work = Files.createDirectories(Path.of("target", "oozie-engine").toAbsolutePath());
    FileUtil.fullyDelete(work.toFile());
    Files.createDirectories(work);
  }

  @Override
  protected void tearDown() throws Exception {
    if (pg != null) {
      pg.close();
    }
    if (app != null) {
      app.close();
    }
    super.tearDown();
  }

  public void testTheAssembledBundleRanksEachHourOnYarnAndRecoversFromADatabaseOutage() throws Exception {
    phase("engine and mini clusters up");
    Path appDir = unzip(Path.of(System.getProperty("salesrank.oozie.zip")), work.resolve("app"));
    app = new URLClassLoader(libJars(appDir), getClass().getClassLoader());

    // A day and a bit of sales up to the hour in progress, closed by _SUCCESS but for that hour.
    Instant current = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant past = current.minus(1, ChronoUnit.HOURS);
    Path sales = work.resolve("sales");
    assertThat(salesrank(localConf(), "generate", "--out", sales.toString(), "--start",
        HOUR.format(current.minus(HISTORY_HOURS - 1, ChronoUnit.HOURS)), "--hours", Integer.toString(HISTORY_HOURS),
        "--sales-per-hour", "200", "--products", "300", "--categories", "8", "--seed", "19")).isZero();

    Configuration cluster = createJobConf();
    FileSystem hdfs = FileSystem.get(cluster);
    String nameNode = hdfs.getUri().toString();
    hdfs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(sales.toUri()),
        new org.apache.hadoop.fs.Path("/data/sales"));
    org.apache.hadoop.fs.Path currentFlag = new org.apache.hadoop.fs.Path("/data/sales/" + HOUR_DIR.format(current) + "/_SUCCESS");
    assertThat(hdfs.delete(currentFlag, false)).isTrue();

    // The application as the README deploys it: the unpacked zip is /apps/salesrank, then the password.
    hdfs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(appDir.toUri()),
        new org.apache.hadoop.fs.Path("/apps/salesrank"));
    assertThat(hdfs.exists(new org.apache.hadoop.fs.Path("/apps/salesrank/bundle.xml"))).isTrue();
    Properties job = jobProperties(appDir);
    storePassword(cluster, job, "not-a-secret");

    // A data directory of its own, kept across the outage below.
    Path pgData = work.resolve("postgres");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    pg = startPostgres(pgData, port);
    // A subscriber whose receiver is down: the workflow's pushes fail, and the rankings are published all the same.
    int downPort;
    try (ServerSocket closed = new ServerSocket(0)) {
      downPort = closed.getLocalPort();
    }
    // The schema as the loader migrates it (any command with a database does), then the subscription.
    assertThat(salesrank(localConf(), "suppress", "list", "--jdbc-url", "jdbc:postgresql://localhost:" + port
        + "/postgres", "--db-user", "postgres")).isZero();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO subscription (url, host, ranking_name, categories) VALUES ('http://127.0.0.1:"
          + downPort + "/hook', '127.0.0.1:" + downPort + "', 'default', '{*}')");
      s.execute("INSERT INTO subscription_secret VALUES (1, 'engine-test-secret-0123456789')");
    }

    // Only the cluster's addresses, the paths, the start and the database are filled in (and Oozie's retry
    // interval, which it counts in minutes, set to 0 so that a test does not wait for them).
    job.setProperty("nameNode", nameNode);
    job.setProperty("resourceManager", getJobTrackerUri());
    job.setProperty("queueName", QUEUE);
    job.setProperty("start", OOZIE_TIME.format(past));
    job.setProperty("stop", OOZIE_TIME.format(current.plus(1, ChronoUnit.HOURS)));
    job.setProperty("salesInitialInstance", OOZIE_TIME.format(current.minus(HISTORY_HOURS - 1, ChronoUnit.HOURS)));
    job.setProperty("jdbcUrl", "jdbc:postgresql://localhost:" + port + "/postgres");
    job.setProperty("dbUser", "postgres");
    job.setProperty("retryMinutes", "0");
    assertThat(job.getProperty("retryMax")).isEqualTo(Integer.toString(RETRY_MAX));

    // The engine's three in-process clients: bundles, coordinators, workflows (one server's REST API).
    OozieClient bundles = LocalOozie.getClientBundle();
    coordinators = LocalOozie.getCoordClient();
    workflows = getClient();
    Properties submitted = bundles.createConfiguration();
    submitted.putAll(job);
    String bundleId = bundles.run(submitted);
    phase("bundle submitted: " + bundleId);

    String hourlyId = coordinator(bundles, bundleId, "salesrank-hourly");
    String refreshId = coordinator(bundles, bundleId, "salesrank-refresh");

    // 1. The past hour, closed by _SUCCESS, runs and publishes what the local runner ranks for that hour.
    CoordinatorAction pastAction = waitForAction(hourlyId, past, CoordinatorAction.Status.SUCCEEDED);
    phase("the past hour SUCCEEDED");
    assertThat(published(past.plus(1, ChronoUnit.HOURS))).isEqualTo(localRanking(sales, "--hour", HOUR.format(past)));
    assertThat(workflow(pastAction).getStatus()).isEqualTo(WorkflowJob.Status.SUCCEEDED);
    // The push of what it published goes out once, from the notify that claims it first: the past hour's,
    // or a refresh's as of the same instant when the test runs in an hour's first quarter (the other
    // then finds it sent by another notify and ends OK). Either way it fails on the receiver that is down.
    Instant pastAsOf = past.plus(1, ChronoUnit.HOURS);
    WorkflowAction notify = waitFor(Duration.ofMinutes(2), () -> pushingNotify(pastAction, refreshId, pastAsOf));
    assertThat(notify.getStatus()).as(describe(pastAction)).isIn(WorkflowAction.Status.ERROR,
        WorkflowAction.Status.FAILED);
    assertThat(notify.getErrorMessage()).contains("1 push still pending, to 127.0.0.1:" + downPort);
    try (Connection c = pg.getPostgresDatabase().getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT status, attempts, last_error FROM notification_delivery WHERE as_of = ?")) {
      s.setTimestamp(1, Timestamp.from(past.plus(1, ChronoUnit.HOURS)));
      ResultSet rs = s.executeQuery();
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getString(1), rs.getString(3))).isEqualTo(List.of("pending", "cannot connect"));
      // Three attempts a notify: one notify's, or two when the hourly's and the refresh's ran one after the
      // other (the second takes up what the first left pending).
      assertThat(rs.getInt(2)).isIn(3, 6);
    }

    // 2. The current hour has no _SUCCESS: it waits, naming its missing input.
    CoordinatorAction waiting = action(hourlyId, current);
    assertThat(waiting.getStatus()).isEqualTo(CoordinatorAction.Status.WAITING);
    assertThat(waiting.getMissingDependencies()).contains("/data/sales/" + HOUR_DIR.format(current));
    Thread.sleep(4_000); // twice the input check's requeue interval: it is still waiting
    assertThat(action(hourlyId, current).getStatus()).isEqualTo(CoordinatorAction.Status.WAITING);

    // 3. The refresh ran as of its quarter hour (only the newest: LAST_ONLY skips the older ones).
    CoordinatorAction refresh = waitFor(Duration.ofMinutes(3), () -> {
      for (CoordinatorAction a : coordinators.getCoordJobInfo(refreshId).getActions()) {
        if (a.getStatus() == CoordinatorAction.Status.SUCCEEDED) {
          return a;
        }
      }
      return null;
    });
    Instant quarter = refresh.getNominalTime().toInstant();
    phase("a refresh SUCCEEDED, as of " + quarter);
    assertThat(quarter.atZone(ZoneOffset.UTC).getMinute() % 15).isZero();
    assertThat(published(quarter)).isEqualTo(localRanking(sales, "--at", MINUTE.format(quarter)));
    List<CoordinatorAction.Status> refreshes = new ArrayList<>();
    coordinators.getCoordJobInfo(refreshId).getActions().forEach(a -> refreshes.add(a.getStatus()));
    // Started an hour back: the older quarters were materialized and skipped, none ran late.
    assertThat(refreshes).hasSizeGreaterThan(4).contains(CoordinatorAction.Status.SKIPPED)
        .isSubsetOf(CoordinatorAction.Status.SKIPPED, CoordinatorAction.Status.SUCCEEDED,
            CoordinatorAction.Status.RUNNING, CoordinatorAction.Status.READY, CoordinatorAction.Status.WAITING);
    Instant currentBefore = currentAsOf();
    assertThat(currentBefore).isEqualTo(quarter.isAfter(past.plus(1, ChronoUnit.HOURS)) ? quarter : past.plus(1, ChronoUnit.HOURS));

    // The rank's MapReduce jobs ran on YARN (not the local runner) in the workflow's queue.
    // A refresh due at a quarter past may have started its jobs since: they may still be waiting or running.
    List<ApplicationReport> mapReduce = yarnApplications(cluster, "MAPREDUCE");
    assertThat(mapReduce).filteredOn(a -> a.getYarnApplicationState() == YarnApplicationState.FINISHED)
        .extracting(ApplicationReport::getName).anyMatch(n -> n.startsWith("salesrank sum"))
        .anyMatch(n -> n.startsWith("salesrank top-"));
    assertThat(mapReduce).extracting(ApplicationReport::getQueue).containsOnly("root." + QUEUE);
    assertThat(mapReduce).extracting(ApplicationReport::getYarnApplicationState)
        .doesNotContain(YarnApplicationState.FAILED, YarnApplicationState.KILLED);
    assertThat(mapReduce).filteredOn(a -> a.getYarnApplicationState() == YarnApplicationState.FINISHED)
        .extracting(ApplicationReport::getFinalApplicationStatus).containsOnly(FinalApplicationStatus.SUCCEEDED);

    // 4. The current hour's flag arrives while the database is down: the rank runs, the load fails
    //    after its retries with its one-line reason, and the previous ranking stays current.
    hdfs.create(currentFlag, true).close();
    phase("the current hour's _SUCCESS written");
    CoordinatorAction running = waitForAction(hourlyId, current, CoordinatorAction.Status.RUNNING);
    String wfId = running.getExternalId();
    waitFor(Duration.ofMinutes(2), () -> {
      WorkflowAction rank = workflowAction(wfId, "rank");
      return rank != null && rank.getStatus() == WorkflowAction.Status.RUNNING ? rank : null;
    });
    pg.close();
    pg = null;
    phase("PostgreSQL stopped while the rank runs");
    CoordinatorAction failed = waitFor(Duration.ofMinutes(3), () -> {
      CoordinatorAction a = action(hourlyId, current);
      return a.getStatus() == CoordinatorAction.Status.KILLED || a.getStatus() == CoordinatorAction.Status.FAILED
          ? a : null;
    });
    phase("the current hour ended " + failed.getStatus());
    WorkflowJob killed = workflows.getJobInfo(failed.getExternalId());
    assertThat(killed.getStatus()).isIn(WorkflowJob.Status.KILLED, WorkflowJob.Status.FAILED);
    WorkflowAction load = workflowAction(wfId, "load");
    assertThat(load.getStatus()).isEqualTo(WorkflowAction.Status.ERROR);
    assertThat(load.getUserRetryCount()).isEqualTo(RETRY_MAX);
    assertThat(load.getErrorMessage()).startsWith("salesrank load: cannot connect to the database at "
        + job.getProperty("jdbcUrl")).doesNotContain("\n").doesNotContain("Exception");
    assertThat(killed.getActions()).filteredOn(a -> a.getName().equals("fail")).singleElement()
        .extracting(WorkflowAction::getErrorMessage).asString().contains("failed at load: " + load.getErrorMessage());

    // The state then holds the current hour, and that run parsed it alone.
    JsonNode manifest = new ObjectMapper().readTree(readHdfs(hdfs,
        "/tmp/salesrank/" + stamp(current.plus(1, ChronoUnit.HOURS)) + "/ranking/_ranking.json"));
    assertThat(manifest.path("input").path("hours_read").asInt()).isEqualTo(1);
    assertThat(manifest.path("input").path("hours_from_state").asInt()).isEqualTo(HISTORY_HOURS - 1);

    pg = startPostgres(pgData, port);
    assertThat(currentAsOf()).isEqualTo(currentBefore);

    // After the database returns, a rerun of that coordinator action publishes the hour, and it is current.
    coordinators.reRunCoord(hourlyId, RestConstants.JOB_COORD_SCOPE_ACTION, Integer.toString(failed.getActionNumber()),
        false, false);
    waitFor(Duration.ofMinutes(3), () -> {
      CoordinatorAction a = action(hourlyId, current);
      assertThat(a.getStatus()).as("the rerun").isNotIn(CoordinatorAction.Status.FAILED);
      return a.getStatus() == CoordinatorAction.Status.SUCCEEDED && !a.getExternalId().equals(wfId) ? a : null;
    });
    phase("the rerun SUCCEEDED");
    Instant end = current.plus(1, ChronoUnit.HOURS);
    assertThat(currentAsOf()).isEqualTo(end);
    assertThat(published(end)).isEqualTo(localRanking(sales, "--hour", HOUR.format(current)));
    assertThat(bundles.getBundleJobInfo(bundleId).getStatus()).isNotIn(BundleJob.Status.KILLED, BundleJob.Status.FAILED);
  }

  /** A line in the test's report: where the time of this long test goes. */
  private void phase(String what) {
    System.out.printf("OozieEngineIT +%3ds %s%n", (System.nanoTime() - started) / 1_000_000_000, what);
  }

  // --- the engine

  private static String coordinator(OozieClient oozie, String bundleId, String name) throws Exception {
    return waitFor(Duration.ofMinutes(1), () -> {
      for (CoordinatorJob c : oozie.getBundleJobInfo(bundleId).getCoordinators()) {
        if (c.getAppName().equals(name) && c.getId() != null) {
          return c.getId();
        }
      }
      return null;
    });
  }

  private CoordinatorAction action(String coordId, Instant nominal) throws Exception {
    for (CoordinatorAction a : coordinators.getCoordJobInfo(coordId).getActions()) {
      if (a.getNominalTime().toInstant().equals(nominal)) {
        return coordinators.getCoordActionInfo(a.getId());
      }
    }
    return null;
  }

  private CoordinatorAction waitForAction(String coordId, Instant nominal,
      CoordinatorAction.Status wanted) throws Exception {
    return waitFor(Duration.ofMinutes(3), () -> {
      CoordinatorAction a = action(coordId, nominal);
      if (a != null && wanted != CoordinatorAction.Status.FAILED) {
        assertThat(a.getStatus()).as(describe(a))
            .isNotIn(CoordinatorAction.Status.FAILED, CoordinatorAction.Status.KILLED, CoordinatorAction.Status.TIMEDOUT);
      }
      return a != null && a.getStatus() == wanted ? a : null;
    });
  }

  /** What the engine says of an action and its workflow: the test's message when it ends otherwise. */
  private String describe(CoordinatorAction a) throws Exception {
    StringBuilder d = new StringBuilder("coordinator action " + a.getId() + " " + a.getStatus() + " ["
        + a.getErrorCode() + "] " + a.getErrorMessage() + "; missing " + a.getMissingDependencies());
    if (a.getExternalId() != null) {
      WorkflowJob wf = workflows.getJobInfo(a.getExternalId());
      d.append("; workflow ").append(wf.getId()).append(' ').append(wf.getStatus());
      for (WorkflowAction w : wf.getActions()) {
        d.append("; ").append(w.getName()).append(' ').append(w.getStatus()).append(" [").append(w.getErrorCode())
            .append("] ").append(w.getErrorMessage()).append(" (").append(w.getExternalId()).append(')');
      }
    }
    return d.toString();
  }

  /**
   * The notify action that pushed the ranking as of {@code asOf}: the one of {@code hourly}'s workflow or
   * of a refresh as of the same instant, whichever failed on the push; null while any of them runs.
   */
  private WorkflowAction pushingNotify(CoordinatorAction hourly, String refreshId, Instant asOf) throws Exception {
    List<WorkflowAction> notifies = new ArrayList<>();
    notifies.add(workflowAction(hourly.getExternalId(), "notify"));
    for (CoordinatorAction a : coordinators.getCoordJobInfo(refreshId).getActions()) {
      if (a.getNominalTime().toInstant().equals(asOf) && a.getExternalId() != null) {
        notifies.add(workflowAction(a.getExternalId(), "notify"));
      }
    }
    Set<WorkflowAction.Status> ended = Set.of(WorkflowAction.Status.OK, WorkflowAction.Status.ERROR,
        WorkflowAction.Status.FAILED, WorkflowAction.Status.KILLED);
    for (WorkflowAction n : notifies) {
      if (n == null || !ended.contains(n.getStatus())) {
        return null;
      }
    }
    for (WorkflowAction n : notifies) {
      if (n.getStatus() != WorkflowAction.Status.OK) {
        return n;
      }
    }
    // Every notify so far ended OK: the one that claimed the push may not have started yet.
    return notifies.size() > 1 ? notifies.get(0) : null;
  }

  private WorkflowJob workflow(CoordinatorAction action) throws Exception {
    return workflows.getJobInfo(action.getExternalId());
  }

  private WorkflowAction workflowAction(String wfId, String name) throws Exception {
    for (WorkflowAction a : workflows.getJobInfo(wfId).getActions()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  private static <T> T waitFor(Duration limit, Callable<T> condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      T result = condition.call();
      if (result != null) {
        return result;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + limit);
      }
      Thread.sleep(1_000);
    }
  }

  private static List<ApplicationReport> yarnApplications(Configuration cluster, String type) throws Exception {
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(cluster);
      yarn.start();
      return yarn.getApplications(java.util.Set.of(type), EnumSet.allOf(YarnApplicationState.class));
    }
  }

  // --- the application and its deployment

  private static Path unzip(Path zip, Path into) throws IOException {
    assertThat(zip).as("the assembly's application zip (run through mvn verify)").exists();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path target = into.resolve(e.getName()).normalize();
        assertThat(target.startsWith(into)).as(e.getName()).isTrue();
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    return into;
  }

  private static URL[] libJars(Path appDir) throws IOException {
    try (Stream<Path> jars = Files.list(appDir.resolve("lib"))) {
      List<URL> urls = new ArrayList<>();
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
      assertThat(urls).isNotEmpty();
      return urls.toArray(URL[]::new);
    }
  }

  private static Properties jobProperties(Path appDir) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(appDir.resolve("job.properties"))) {
      p.load(in);
    }
    return p;
  }

  /** What {@code hadoop credential create ALIAS -provider PROVIDER} does, on the test's HDFS. */
  private static void storePassword(Configuration cluster, Properties job, String password) throws IOException {
    Configuration conf = new Configuration(cluster);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, job.getProperty("credentialProvider"));
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    provider.createCredentialEntry(job.getProperty("dbPasswordAlias"), password.toCharArray());
    provider.flush();
  }

  private static String readHdfs(FileSystem fs, String path) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static String stamp(Instant end) {
    return DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC).format(end);
  }

  // --- the reference: the same lib/ on the local runner

  private Configuration localConf() {
    Configuration conf = new Configuration();
    conf.setClassLoader(app);
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set("hadoop.tmp.dir", work.resolve("hadoop-tmp").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", work.resolve("staging").toString());
    return conf;
  }

  private int salesrank(Configuration conf, String... args) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    thread.setContextClassLoader(app);
    try {
      Method run = app.loadClass("io.salesrank.loader.cli.SalesRankCli")
          .getMethod("run", Configuration.class, String[].class);
      return (Integer) run.invoke(null, conf, args);
    } finally {
      thread.setContextClassLoader(original);
    }
  }

  private List<String> localRanking(Path sales, String endOption, String end) throws Exception {
    Path out = work.resolve("reference-" + end.replaceAll("\\D", ""));
    assertThat(salesrank(localConf(), "rank", "--input", sales.toString(), endOption, end, "--out", out.toString()))
        .isZero();
    List<String> rows = new ArrayList<>();
    try (Stream<Path> parts = Files.list(out)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        rows.addAll(Files.readAllLines(part));
      }
    }
    assertThat(rows).hasSizeGreaterThan(50);
    return rows.stream().map(OozieEngineIT::withoutScore).sorted().toList();
  }

  /** category, rank, product and total: what the database must hold for that ranking (score aside). */
  private static String withoutScore(String row) {
    return row.substring(0, row.lastIndexOf('\t'));
  }

  // --- the database

  private List<String> published(Instant asOf) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = pg.getPostgresDatabase().getConnection();
         PreparedStatement s = c.prepareStatement(
             "SELECT category_id, rank, product_id, total_sold FROM sales_rank_history WHERE as_of = ?")) {
      s.setTimestamp(1, Timestamp.from(asOf));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1) + "\t" + rs.getInt(2) + "\t" + rs.getString(3) + "\t" + rs.getLong(4));
        }
      }
    }
    return rows.stream().sorted().toList();
  }

  private Instant currentAsOf() throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT DISTINCT as_of FROM sales_rank_current")) {
      assertThat(rs.next()).isTrue();
      Instant asOf = rs.getTimestamp(1).toInstant();
      assertThat(rs.next()).isFalse();
      return asOf;
    }
  }

  private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
  }
}
