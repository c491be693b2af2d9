package io.salesrank.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salesrank.loader.Database;
import io.salesrank.loader.PublishSettings;
import io.salesrank.loader.RankAndPublish;
import io.salesrank.loader.RankingDirectory;
import io.salesrank.loader.RankingPublisher;
import io.salesrank.loader.cli.SalesRankCli;
import io.salesrank.mr.input.HourLayout;
import io.salesrank.mr.ranking.RankedRow;
import io.salesrank.mr.ranking.RankingManifest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The soak (issue 14): {@code wrk} at 64 connections on a mix of /popular, /movers,
 * /products/{id}/ranks and /categories (bench/soak.lua) for MINUTES, against the read API in a JVM
 * of its own ({@code bin/salesrank serve}), while a ranking of the next hour is published every 30 s
 * and the suppression list changes every minute, both by the loader's own code. A sampler checks
 * about 10 answers a second against what was published: each must be exactly the ranking its
 * {@code as_of} names, with one suppression list that was in force at most 15 s before it was asked
 * for (ranks closed up), or it counts as mixed. A full GC is forced in the API every minute and the
 * heap after it read from its GC log. Exits 1 when an answer failed or was mixed.
 *
 * <p>The data: 50 categories (c00..c49) of 100 rows and the overall ranking '*' of p0..p99, every
 * ranking a new order and new totals (total_sold tells the runs apart). Products p0..p49 are never
 * suppressed (wrk asks for their ranks: always 200); the suppression list cycles through p50..p99.
 */
public final class SoakBench {

  static final int CATEGORIES = 50;
  static final int TOP = 100;
  static final int POOL = 120;           // products per category, 100 of them ranked in each run
  static final int WRK_PRODUCTS = 50;    // p0..p49: never suppressed, in '*' of every run
  static final Duration PUBLISH_EVERY = Duration.ofSeconds(30);
  static final Duration SUPPRESS_EVERY = Duration.ofSeconds(60);
  static final Duration GC_EVERY = Duration.ofSeconds(60);
  static final Duration SLACK = Duration.ofSeconds(15);
  static final Duration WARMUP = Duration.ofSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FULL_GC = Pattern.compile("Pause Full \\([^)]*\\) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** One published ranking: index, as_of and its lists by category (ids of rank 1, 2, ...). */
  record Run(int index, Instant asOf, Map<String, List<String>> lists, Map<String, Map<String, Long>> sold) {
  }

  /** A suppression list and when it may have been in force (to null: still in force). */
  static final class SuppressionEra {
    final Set<String> products;
    final Instant from;
    volatile Instant to;

    SuppressionEra(Set<String> products, Instant from) {
      this.products = Set.copyOf(products);
      this.from = from;
    }
  }

  /** A run and the time span it may have been current. */
  static final class RunEra {
    final Run run;
    final Instant from;
    volatile Instant to;

    RunEra(Run run, Instant from) {
      this.run = run;
      this.from = from;
    }
  }

  private final Path root;
  private final int minutes;
  private final Path out;
  private final Configuration conf = new Configuration();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, Run> runsByAsOf = new ConcurrentHashMap<>();
  private final List<Run> runs = new CopyOnWriteArrayList<>();
  private final List<RunEra> runEras = new CopyOnWriteArrayList<>();
  private final List<SuppressionEra> suppressionEras = new CopyOnWriteArrayList<>();
  private final List<Double> publishSeconds = Collections.synchronizedList(new ArrayList<>());
  private final List<Double> publishVisibleSeconds = Collections.synchronizedList(new ArrayList<>());
  private final List<Double> suppressFollowSeconds = Collections.synchronizedList(new ArrayList<>());
  private final List<double[]> heapAfterFullGc = Collections.synchronizedList(new ArrayList<>()); // {minute, MB}
  private final AtomicLong checked = new AtomicLong();
  private final AtomicLong mixed = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong samplerErrors = new AtomicLong();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Hours of rankings published before the soak: the week the API keeps comparison rankings for. */
  private static final int HISTORY_HOURS = 168;

  private final Instant base;

  private EmbeddedPostgres pg;
  private Database db;
  private Process api;
  private Process wrk;
  private String jdbcUrl;
  private String apiBase;
  private Path gcLog;
  private Instant soakStart;
  private int suppressChanges;
  private boolean cutShort;
  private volatile boolean aborted;

  private SoakBench(Path root, int minutes) {
    this.root = root;
    this.minutes = minutes;
    this.out = root.resolve("bench/out/soak");
    // The last ranking of the soak lands about on the current hour: every as_of is in the past.
    int publishes = (int) (minutes * 60 / PUBLISH_EVERY.toSeconds()) + 2;
    this.base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(publishes, ChronoUnit.HOURS);
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    if (minutes < 1) {
      throw new IllegalArgumentException("MINUTES must be at least 1");
    }
    SoakBench soak = new SoakBench(root, minutes);
    Thread hook = new Thread(() -> {
      soak.aborted = true;
      soak.stopAll();
    }, "soak-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    int status;
    try {
      status = soak.run();
    } finally {
      soak.stopAll();
    }
    System.exit(status);
  }

  private int run() throws Exception {
    PipelineBench.deleteTree(out);
    Files.createDirectories(out.resolve("rankings"));
    for (String tool : List.of("wrk", "jcmd")) {
      if (!onPath(tool)) {
        throw new IllegalStateException(tool + " is missing (wrk: apt-get install wrk; jcmd: a JDK)");
      }
    }
    // bin/salesrank builds the read API on first use: now, not while the API is being waited for.
    PipelineBench.exec(root, List.of("serve", "--help"), out.resolve("build.log"));

    System.out.println("soak: starting PostgreSQL in " + out.resolve("pg"));
    pg = EmbeddedPostgres.builder().setDataDirectory(out.resolve("pg").toFile()).setCleanDataDirectory(true).start();
    jdbcUrl = pg.getJdbcUrl("postgres", "postgres");
    db = Database.open(jdbcUrl, "postgres", null);
    // A week of hourly rankings before the current one: the API keeps a comparison ranking per hour
    // of the last week, so it starts at the size it keeps, and a heap that still grows is a leak.
    System.out.println("soak: publishing " + HISTORY_HOURS + " hours of history");
    for (int h = HISTORY_HOURS; h >= 1; h--) {
      publish(makeRun(runs.size(), base.minus(h, ChronoUnit.HOURS)));
    }
    publish(makeRun(runs.size(), base));
    suppress("add", List.of("p55"));

    int port = freePort();
    int adminPort = freePort();
    apiBase = "http://localhost:" + port;
    gcLog = out.resolve("gc.log");
    ProcessBuilder pb = new ProcessBuilder(root.resolve("bin/salesrank").toString(), "serve")
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.resolve("api.log").toFile());
    pb.environment().put("SALESRANK_JDBC_URL", jdbcUrl);
    pb.environment().put("SALESRANK_DB_USER", "postgres");
    pb.environment().put("SALESRANK_HTTP_PORT", Integer.toString(port));
    pb.environment().put("SALESRANK_ADMIN_PORT", Integer.toString(adminPort));
    pb.environment().put("JAVA_OPTS", "-Xmx512m -Xlog:gc*:file=" + gcLog);
    api = pb.start();
    System.out.println("soak: read API pid " + api.pid() + " on :" + port + " (log " + out.resolve("api.log") + ")");
    waitForApi();

    Path lua = root.resolve("bench/soak.lua");
    String[] wrkArgs = {"-t2", "-c64", "--latency", "-s", lua.toString(), apiBase, "--",
        Integer.toString(CATEGORIES), Integer.toString(WRK_PRODUCTS)};
    System.out.printf(Locale.ROOT, "soak: warming up the API (wrk, %d s, not counted)%n", WARMUP.toSeconds());
    runWrk(concat(new String[] {"wrk", "-d" + WARMUP.toSeconds() + "s"}, wrkArgs), out.resolve("warmup.wrk"))
        .waitFor();

    System.out.printf(Locale.ROOT, "soak: %d minutes of wrk -t2 -c64, a publish every %d s, a suppression change"
        + " every %d s, a full GC every %d s%n", minutes, PUBLISH_EVERY.toSeconds(), SUPPRESS_EVERY.toSeconds(),
        GC_EVERY.toSeconds());
    soakStart = Instant.now();
    forceFullGc();
    wrk = runWrk(concat(new String[] {"wrk", "-d" + minutes + "m"}, wrkArgs), out.resolve("soak.wrk"));
    List<Thread> threads = List.of(
        loop("publisher", PUBLISH_EVERY, Duration.ofSeconds(30), this::publishNext),
        loop("suppressor", SUPPRESS_EVERY, Duration.ofSeconds(15), this::changeSuppression),
        loop("gc", GC_EVERY, GC_EVERY, this::forceFullGc),
        daemon("sampler", this::sample));
    threads.forEach(Thread::start);
    int wrkStatus = wrk.waitFor();
    if (aborted) {
      return 1;  // Ctrl-C or a TERM: the shutdown hook stops everything; no summary of a cut run
    }
    double ran = Duration.between(soakStart, Instant.now()).toMillis() / 1000.0;
    if (wrkStatus != 0 || ran < minutes * 60 - 5) {
      failure(String.format(Locale.ROOT, "wrk exited %d after %.0f s of %d s", wrkStatus, ran, minutes * 60));
      cutShort = true;
    }
    // A publish or suppression change under way finishes (an interrupt would fail it half-way).
    stop.set(true);
    stopped.countDown();
    for (Thread t : threads) {
      t.join(120_000);
    }
    forceFullGc();
    return summary();
  }

  // ---- the data ----------------------------------------------------------------------------------

  /** Run {@code n}: every category a new order and new totals, so that two runs never look alike. */
  static Run makeRun(int n, Instant asOf) {
    Map<String, List<String>> lists = new HashMap<>();
    Map<String, Map<String, Long>> sold = new HashMap<>();
    for (int c = -1; c < CATEGORIES; c++) {
      String category = c < 0 ? "*" : String.format(Locale.ROOT, "c%02d", c);
      List<String> list = new ArrayList<>();
      Map<String, Long> units = new HashMap<>();
      for (int r = 1; r <= TOP; r++) {
        String product = c < 0
            ? "p" + (((r - 1) * 13 + n * 17) % 100)
            // 7 and 120 are coprime: ranks 1..100 take 100 distinct products of the category's 120.
            : "p" + ((c * 7 + ((r - 1) * 7 + n * 11) % POOL) % 400);
        list.add(product);
        units.put(product, 10_000_000L + n * 100_000L + (1000L - r) * 60 + (c + 1));
      }
      lists.put(category, List.copyOf(list));
      sold.put(category, units);
    }
    return new Run(n, asOf, lists, sold);
  }

  /** A ranking directory as {@code rank} writes it (as rank-loader's RankingDirs does in its tests). */
  private Path write(Run run) throws IOException {
    Path dir = out.resolve("rankings/run-" + run.index());
    Files.createDirectories(dir);
    List<String> categories = new ArrayList<>(new TreeSet<>(run.lists().keySet()));
    long rows = 0;
    try (BufferedWriter a = Files.newBufferedWriter(dir.resolve("part-r-00000"), StandardCharsets.US_ASCII);
         BufferedWriter b = Files.newBufferedWriter(dir.resolve("part-r-00001"), StandardCharsets.US_ASCII)) {
      for (int i = 0; i < categories.size(); i++) {
        String category = categories.get(i);
        BufferedWriter w = i % 2 == 0 ? a : b;
        List<String> list = run.lists().get(category);
        for (int r = 1; r <= list.size(); r++) {
          long units = run.sold().get(category).get(list.get(r - 1));
          w.write(new RankedRow(category, r, list.get(r - 1), units, units).toLine());
          w.write('\n');
          rows++;
        }
      }
    }
    Files.createFile(dir.resolve("_SUCCESS"));
    Instant asOf = run.asOf();
    new RankingManifest(RankingManifest.FORMAT_VERSION, null, HourLayout.formatHour(asOf.minus(1, ChronoUnit.HOURS)),
        asOf.toString(), asOf.plusSeconds(300).toString(),
        new RankingManifest.Policy("window", 168, null, null, "units", null, null), TOP,
        new RankingManifest.Input("file:/soak", 168, 0, 0), new RankingManifest.Counts(1000, 0, 0, 0, Map.of(), 0, 1000),
        List.of(), rows, categories.size(), null, null, null)
        .write(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(dir.resolve(RankingManifest.RANKING_FILE).toUri()));
    return dir;
  }

  private void publish(Run run) throws IOException {
    Path dir = write(run);
    RankingDirectory ranking = RankingDirectory.open(conf, new org.apache.hadoop.fs.Path(dir.toUri()));
    Instant started = Instant.now();
    RankingPublisher.Result result;
    try (PrintStream log = new PrintStream(Files.newOutputStream(out.resolve("publish.log"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
      result = new RankAndPublish(conf, db, PublishSettings.defaults(), log).publish(ranking);
    }
    Instant done = Instant.now();
    runs.add(run);
    runsByAsOf.put(run.asOf().toString(), run);
    if (result.current()) {
      // The run before may be served until the API's next refresh: eras overlap.
      for (RunEra era : runEras) {
        if (era.to == null) {
          era.to = done;
        }
      }
      runEras.add(new RunEra(run, started));
    }
    if (soakStart != null) {
      publishSeconds.add(result.millis() / 1000.0);
    }
  }

  private void publishNext() throws Exception {
    Run run = makeRun(runs.size(), base.plus(runs.size() - HISTORY_HOURS, ChronoUnit.HOURS));
    publish(run);
    Instant done = Instant.now();
    // How long until the API serves it.
    while (!stop.get()) {
      JsonNode categories = getJson("/api/v1/categories");
      if (categories != null && run.asOf().toString().equals(categories.path("as_of").asText())) {
        publishVisibleSeconds.add(Duration.between(done, Instant.now()).toMillis() / 1000.0);
        return;
      }
      Thread.sleep(50);
    }
  }

  // ---- suppression -------------------------------------------------------------------------------

  private final Deque<String> suppressed = new ArrayDeque<>();
  private int nextSuppressed = 60;

  /** Through the CLI's own code ({@code salesrank suppress add|remove}), in this JVM. */
  private void suppress(String action, List<String> products) throws Exception {
    List<String> args = new ArrayList<>(List.of("suppress", action));
    args.addAll(products);
    args.addAll(List.of("--jdbc-url", jdbcUrl, "--db-user", "postgres"));
    Set<String> next = new TreeSet<>(suppressionEras.isEmpty() ? Set.of()
        : suppressionEras.get(suppressionEras.size() - 1).products);
    if (action.equals("add")) {
      next.addAll(products);
    } else {
      products.forEach(next::remove);
    }
    Instant started = Instant.now();
    int status = SalesRankCli.run(new Configuration(), args.toArray(String[]::new));
    if (status != 0) {
      throw new IllegalStateException("salesrank suppress " + action + " exited " + status);
    }
    Instant done = Instant.now();
    for (SuppressionEra era : suppressionEras) {
      if (era.to == null) {
        era.to = done;
      }
    }
    suppressionEras.add(new SuppressionEra(next, suppressionEras.isEmpty() ? Instant.EPOCH : started));
    if (action.equals("add")) {
      suppressed.addAll(products);
    } else {
      suppressed.removeAll(products);
    }
  }

  /** Even changes add two products of p50..p99, odd ones remove the oldest suppressed. */
  private void changeSuppression() throws Exception {
    boolean add = suppressChanges % 2 == 0;
    List<String> products = new ArrayList<>();
    if (add) {
      while (products.size() < 2) {
        String p = "p" + nextSuppressed;
        nextSuppressed = nextSuppressed == 99 ? 50 : nextSuppressed + 1;
        if (!suppressed.contains(p)) {
          products.add(p);
        }
      }
    } else {
      products.add(suppressed.peekFirst());
    }
    suppress(add ? "add" : "remove", products);
    suppressChanges++;
    Instant done = Instant.now();
    // p50..p99 are in '*' of every run: the change shows in the overall list.
    String watched = products.get(0);
    while (!stop.get()) {
      JsonNode popular = getJson("/api/v1/popular?limit=100");
      if (popular != null) {
        boolean listed = false;
        for (JsonNode item : popular.path("items")) {
          listed |= watched.equals(item.path("product_id").asText());
        }
        if (listed != add) {
          suppressFollowSeconds.add(Duration.between(done, Instant.now()).toMillis() / 1000.0);
          return;
        }
      }
      Thread.sleep(50);
    }
  }

  // ---- heap --------------------------------------------------------------------------------------

  private void forceFullGc() throws Exception {
    if (api == null || !api.isAlive()) {
      return;
    }
    int before = fullGcLines().size();
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(api.pid()), "GC.run").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    jcmd.waitFor(60, TimeUnit.SECONDS);
    for (int i = 0; i < 100; i++) {
      List<double[]> lines = fullGcLines();
      if (lines.size() > before) {
        double minute = Duration.between(soakStart, Instant.now()).toMillis() / 60_000.0;
        heapAfterFullGc.add(new double[] {minute, lines.get(lines.size() - 1)[0]});
        return;
      }
      Thread.sleep(100);
    }
    System.err.println("soak: no full GC in " + gcLog + " after jcmd GC.run");
  }

  /** Heap after each full GC in the API's GC log, in MB. */
  private List<double[]> fullGcLines() throws IOException {
    List<double[]> result = new ArrayList<>();
    if (!Files.exists(gcLog)) {
      return result;
    }
    for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
      Matcher m = FULL_GC.matcher(line);
      if (m.find()) {
        result.add(new double[] {mb(m.group(3), m.group(4))});
      }
    }
    return result;
  }

  private static double mb(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }

  // ---- the sampler -------------------------------------------------------------------------------

  /** About 10 answers a second: /popular?limit=100 of a category or '*', and /products/{id}/ranks. */
  private void sample() {
    Random random = new Random(14);
    long next = System.nanoTime();
    while (!stop.get()) {
      try {
        if (random.nextBoolean()) {
          int c = random.nextInt(CATEGORIES + 1) - 1;
          String category = c < 0 ? "*" : String.format(Locale.ROOT, "c%02d", c);
          checkPopular(category);
        } else {
          checkRanks("p" + random.nextInt(400));
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        samplerErrors.incrementAndGet();
        failure("sampler: " + e);
      }
      next += 100_000_000L;
      long wait = next - System.nanoTime();
      try {
        if (wait > 0 && stopped.await(wait, TimeUnit.NANOSECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The 200 answer as JSON, counted as checked; null, counted as a sampler error, for any other status. */
  private JsonNode okAnswer(String path, HttpResponse<String> response) throws IOException {
    if (response.statusCode() != 200) {
      samplerErrors.incrementAndGet();
      failure("status " + response.statusCode() + " for " + path + ": " + response.body());
      return null;
    }
    checked.incrementAndGet();
    return JSON.readTree(response.body());
  }

  private void checkPopular(String category) throws Exception {
    String path = "/api/v1/popular?limit=100" + (category.equals("*") ? "" : "&category_id=" + category);
    Instant asked = Instant.now();
    HttpResponse<String> response = get(path);
    Instant answered = Instant.now();
    JsonNode answer = okAnswer(path, response);
    if (answer == null) {
      return;
    }
    Run run = runsByAsOf.get(answer.path("as_of").asText());
    if (run == null) {
      mixed(path, "as_of names no published ranking", response.body());
      return;
    }
    noteStale(run, asked, answered);
    Run comparison = comparisonOf(run);
    String comparedTo = comparison == null ? null : comparison.asOf().toString();
    if (!Objects.equals(comparedTo, answer.path("compared_to").isNull() ? null : answer.path("compared_to").asText())
        || !category.equals(answer.path("category_id").asText())) {
      mixed(path, "compared_to or category_id is not run " + run.index() + "'s", response.body());
      return;
    }
    List<String> actual = new ArrayList<>();
    for (JsonNode item : answer.path("items")) {
      actual.add(item.path("rank").asInt() + " " + item.path("product_id").asText() + " "
          + item.path("total_sold").asLong() + " " + (item.path("score").asDouble() == item.path("total_sold").asLong())
          + " " + (item.path("previous_rank").isNull() ? "null" : item.path("previous_rank").asText()));
    }
    for (SuppressionEra era : erasAround(asked, answered)) {
      List<String> shown = closedUp(run.lists().get(category), era.products);
      List<String> before = comparison == null ? List.of() : closedUp(comparison.lists().get(category), era.products);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < shown.size(); i++) {
        int previous = before.indexOf(shown.get(i));
        expected.add((i + 1) + " " + shown.get(i) + " " + run.sold().get(category).get(shown.get(i)) + " true "
            + (previous < 0 ? "null" : Integer.toString(previous + 1)));
      }
      if (expected.equals(actual)) {
        return;
      }
    }
    mixed(path, "items are not run " + run.index() + "'s with any suppression list in force", response.body());
  }

  private void checkRanks(String product) throws Exception {
    String path = "/api/v1/products/" + product + "/ranks";
    Instant asked = Instant.now();
    HttpResponse<String> response = get(path);
    Instant answered = Instant.now();
    List<SuppressionEra> eras = erasAround(asked, answered);
    if (response.statusCode() == 404) {
      // Right when no run current meanwhile lists it, with some suppression list in force.
      checked.incrementAndGet();
      for (RunEra runEra : runErasAround(asked, answered)) {
        for (SuppressionEra era : eras) {
          if (expectedRanks(runEra.run, product, era.products).isEmpty()) {
            return;
          }
        }
      }
      mixed(path, "404, but every run current meanwhile lists " + product, response.body());
      return;
    }
    JsonNode answer = okAnswer(path, response);
    if (answer == null) {
      return;
    }
    Run run = runsByAsOf.get(answer.path("as_of").asText());
    if (run == null || !product.equals(answer.path("product_id").asText())) {
      mixed(path, "as_of names no published ranking, or another product", response.body());
      return;
    }
    noteStale(run, asked, answered);
    List<String> actual = new ArrayList<>();
    for (JsonNode rank : answer.path("ranks")) {
      actual.add(rank.path("category_id").asText() + " " + rank.path("rank").asInt() + " "
          + rank.path("total_sold").asLong());
    }
    for (SuppressionEra era : eras) {
      if (expectedRanks(run, product, era.products).equals(actual)) {
        return;
      }
    }
    mixed(path, "ranks are not run " + run.index() + "'s with any suppression list in force", response.body());
  }

  private static List<String> expectedRanks(Run run, String product, Set<String> suppressedProducts) {
    List<String> expected = new ArrayList<>();
    if (suppressedProducts.contains(product)) {
      return expected;
    }
    for (String category : new TreeSet<>(run.lists().keySet())) {  // byte order: '*' first
      int rank = closedUp(run.lists().get(category), suppressedProducts).indexOf(product);
      if (rank >= 0) {
        expected.add(category + " " + (rank + 1) + " " + run.sold().get(category).get(product));
      }
    }
    return expected;
  }

  private static List<String> closedUp(List<String> list, Set<String> suppressedProducts) {
    return list.stream().filter(p -> !suppressedProducts.contains(p)).toList();
  }

  /** The comparison ranking: the newest published as_of at or before as_of minus 24 hours. */
  private Run comparisonOf(Run run) {
    Instant limit = run.asOf().minus(24, ChronoUnit.HOURS);
    Run best = null;
    for (Run r : runs) {
      if (!r.asOf().isAfter(limit) && (best == null || r.asOf().isAfter(best.asOf()))) {
        best = r;
      }
    }
    return best;
  }

  private List<SuppressionEra> erasAround(Instant asked, Instant answered) {
    return around(suppressionEras, e -> e.from, e -> e.to, asked, answered);
  }

  private List<RunEra> runErasAround(Instant asked, Instant answered) {
    return around(runEras, e -> e.from, e -> e.to, asked, answered);
  }

  /** The eras in force at some time from {@link #SLACK} before {@code asked} to {@code answered}. */
  private static <E> List<E> around(List<E> eras, java.util.function.Function<E, Instant> fromOf,
      java.util.function.Function<E, Instant> toOf, Instant asked, Instant answered) {
    Instant from = asked.minus(SLACK);
    List<E> result = new ArrayList<>();
    for (E era : eras) {
      Instant to = toOf.apply(era);
      if (!fromOf.apply(era).isAfter(answered) && (to == null || !to.isBefore(from))) {
        result.add(era);
      }
    }
    return result;
  }

  /** A whole, right answer, but of a run no longer current 15 s before it was asked for. */
  private void noteStale(Run run, Instant asked, Instant answered) {
    if (runErasAround(asked, answered).stream().noneMatch(e -> e.run == run)) {
      stale.incrementAndGet();
    }
  }

  private void mixed(String path, String why, String body) {
    mixed.incrementAndGet();
    failure("MIXED " + path + ": " + why + "\n  " + body);
  }

  private void failure(String text) {
    synchronized (failures) {
      if (failures.size() < 20) {
        failures.add(Instant.now() + " " + text);
        try {
          Files.writeString(out.resolve("failures.txt"), String.join("\n", failures) + "\n");
        } catch (IOException e) {
          System.err.println("soak: cannot write failures.txt: " + e);
        }
      }
    }
  }

  // ---- processes ---------------------------------------------------------------------------------

  private void waitForApi() throws Exception {
    for (int i = 0; i < 600; i++) {
      if (!api.isAlive()) {
        throw new IllegalStateException("the read API exited; see " + out.resolve("api.log"));
      }
      JsonNode categories = getJson("/api/v1/categories");
      if (categories != null && base.toString().equals(categories.path("as_of").asText())) {
        JsonNode popular = getJson("/api/v1/popular?limit=100");
        if (popular != null && popular.toString().contains("\"previous_rank\":")
            && !popular.toString().contains("\"p55\"")) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the read API never served the initial ranking; see " + out.resolve("api.log"));
  }

  private Process runWrk(String[] command, Path output) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(apiBase + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws InterruptedException {
    try {
      HttpResponse<String> response = get(path);
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  interface Step {
    void run() throws Exception;
  }

  /** A thread doing {@code step} every {@code every}, the first time after {@code first}. */
  private Thread loop(String name, Duration every, Duration first, Step step) {
    return daemon(name, () -> {
      long next = System.nanoTime() + first.toNanos();
      while (!stop.get()) {
        try {
          long wait = next - System.nanoTime();
          if ((wait > 0 && stopped.await(wait, TimeUnit.NANOSECONDS)) || stop.get()) {
            return;
          }
          step.run();
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          failure(name + ": " + e);
          System.err.println("soak: " + name + " failed: " + e);
          samplerErrors.incrementAndGet();
        }
        next += every.toNanos();
      }
    });
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, "soak-" + name);
    t.setDaemon(true);
    return t;
  }

  /** Stops wrk, the API and PostgreSQL; on a normal end, Ctrl-C and failures alike (idempotent). */
  private synchronized void stopAll() {
    stop.set(true);
    stopped.countDown();
    for (Process p : new Process[] {wrk, api}) {
      if (p != null && p.isAlive()) {
        p.destroy();
        try {
          if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
        }
      }
    }
    if (db != null) {
      db.close();
      db = null;
    }
    if (pg != null) {
      try {
        pg.close();
      } catch (IOException e) {
        System.err.println("soak: stopping PostgreSQL: " + e);
      }
      pg = null;
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ---- the summary -------------------------------------------------------------------------------

  private int summary() throws IOException {
    String wrkOut = Files.readString(out.resolve("soak.wrk"));
    long requests = longOf(wrkOut, "(\\d+) requests in");
    double rps = doubleOf(wrkOut, "Requests/sec:\\s+([0-9.]+)");
    double p50 = latencyMs(wrkOut, "50%");
    double p99 = latencyMs(wrkOut, "99%");
    long socketErrors = 0;
    Matcher se = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(wrkOut);
    if (se.find()) {
      for (int g = 1; g <= 4; g++) {
        socketErrors += Long.parseLong(se.group(g));
      }
    }
    long non2xx = longOf(wrkOut, "soak: non-2xx (\\d+)");
    String statuses = stringOf(wrkOut, "soak: (status .*)");
    long errors = non2xx + socketErrors + samplerErrors.get() + (cutShort ? 1 : 0);

    double[] minutesAt = heapAfterFullGc.stream().mapToDouble(v -> v[0]).toArray();
    double[] heap = heapAfterFullGc.stream().mapToDouble(v -> v[1]).toArray();
    double slope = slope(minutesAt, heap);
    double spread = heap.length == 0 ? 0 : max(heap) - min(heap);
    boolean p99Ok = p99 <= 10.0;
    // Flat: what the trend adds over the run is under 5 MB or 5 % of the first value.
    double span = minutesAt.length < 2 ? 0 : minutesAt[minutesAt.length - 1] - minutesAt[0];
    boolean heapFlat = heap.length >= 2 && slope * span <= Math.max(5.0, 0.05 * heap[0]);

    StringBuilder s = new StringBuilder();
    s.append("\n| soak | value |\n|---|---|\n");
    row(s, "minutes", Integer.toString(minutes));
    row(s, "requests (wrk -t2 -c64)", Long.toString(requests));
    row(s, "req/s", String.format(Locale.ROOT, "%.0f", rps));
    row(s, "p50 / p99 (wrk)", String.format(Locale.ROOT, "%.2f ms / %.2f ms", p50, p99));
    row(s, "statuses (wrk)", statuses);
    row(s, "errors (non-2xx + socket errors + sampler/driver failures" + (cutShort ? " + wrk cut short" : "") + ")",
        non2xx + " + " + socketErrors + " + " + samplerErrors.get() + (cutShort ? " + 1" : "") + " = " + errors);
    row(s, "sampled answers checked", Long.toString(checked.get()));
    row(s, "mixed answers", Long.toString(mixed.get()));
    row(s, "stale answers (a whole ranking, current > 15 s before)", Long.toString(stale.get()));
    row(s, "publishes (5,100 rows) / seconds median, max", publishSeconds.size() + " / "
        + stats(publishSeconds));
    row(s, "publish to API serving it, s median, max", stats(publishVisibleSeconds));
    row(s, "suppression changes / to API following, s median, max", suppressChanges + " / "
        + stats(suppressFollowSeconds));
    StringBuilder series = new StringBuilder();
    for (double h : heap) {
      series.append(series.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", h));
    }
    row(s, "heap after full GC, MB (every minute)", series.toString());
    row(s, "heap slope / spread", String.format(Locale.ROOT, "%+.2f MB/min / %.1f MB", slope, spread));
    s.append("\n");
    s.append(verdict("0 errors", errors == 0));
    s.append(verdict("0 mixed answers", mixed.get() == 0 && checked.get() > 0));
    s.append(verdict("p99 <= 10 ms (reported only)", p99Ok));
    s.append(verdict("heap after full GC flat (reported only)", heapFlat));
    s.append("\nwrk output: ").append(out.resolve("soak.wrk")).append("; GC log: ").append(gcLog)
        .append("; offending answers: ").append(out.resolve("failures.txt")).append('\n');
    System.out.print(s);
    Files.writeString(out.resolve("summary.md"), s.toString());
    return errors == 0 && mixed.get() == 0 && checked.get() > 0 ? 0 : 1;
  }

  private static void row(StringBuilder s, String name, String value) {
    s.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String verdict(String goal, boolean met) {
    return (met ? "PASS  " : "FAIL  ") + goal + "\n";
  }

  private static String stats(List<Double> values) {
    List<Double> copy;
    synchronized (values) {
      copy = new ArrayList<>(values);
    }
    if (copy.isEmpty()) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.3f, %.3f", PipelineBench.median(copy), Collections.max(copy));
  }

  private static double slope(double[] x, double[] y) {
    if (x.length < 2) {
      return 0;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - mx) * (y[i] - my);
      den += (x[i] - mx) * (x[i] - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      m = Math.max(m, d);
    }
    return m;
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double d : v) {
      m = Math.min(m, d);
    }
    return m;
  }

  private static long longOf(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static double doubleOf(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static String stringOf(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : "?";
  }

  /** wrk's latency distribution line ("99%    4.12ms") in milliseconds. */
  private static double latencyMs(String text, String percentile) {
    Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s|m)").matcher(text);
    if (!m.find()) {
      return Double.NaN;
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      case "m" -> v * 60_000;
      default -> v;
    };
  }
}
