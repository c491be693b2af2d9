package io.salesrank.oozie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;

import io.salesrank.loader.cli.OozieMain;
import io.salesrank.loader.cli.SalesRankCli;
import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.cli.CliSupport;
import io.salesrank.mr.rules.RankingPolicy;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Oozie application against Oozie's own schemas, its properties and the drivers it calls. */
class OozieAppTest {

  private static final Path APP = Path.of(System.getProperty("salesrank.oozie.app", "src/main/app"));
  private static final Pattern EL = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern WF_CONF = Pattern.compile("wf:conf\\('([^']*)'\\)");
  /** Variables Oozie defines in a dataset's uri-template. */
  private static final Set<String> URI_TEMPLATE_VARIABLES = Set.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE");

  private static void validate(String file, String xsd) throws Exception {
    var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
        .newSchema(new StreamSource(OozieAppTest.class.getClassLoader().getResource(xsd).toExternalForm()));
    schema.newValidator().validate(new StreamSource(APP.resolve(file).toFile()));
  }

  private static Document parse(String file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(APP.resolve(file).toFile());
  }

  private static Properties jobProperties() throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(APP.resolve("job.properties"))) {
      p.load(in);
    }
    return p;
  }

  /** The variables an EL text refers to: identifiers that are not functions or their prefixes. */
  static Set<String> variables(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = EL.matcher(text);
    while (m.find()) {
      String expression = m.group(1).replaceAll("\"[^\"]*\"", "''").replaceAll("'[^']*'", "''");
      Matcher id = Pattern.compile("(?<![:\\w.])([A-Za-z_][\\w.]*)(?![\\w.]*\\s*[(:])").matcher(expression);
      while (id.find()) {
        names.add(id.group(1));
      }
    }
    return names;
  }

  private static final List<String> COORDINATORS = List.of("hourly/coordinator.xml", "refresh/coordinator.xml");

  @Test
  void bundleCoordinatorsAndWorkflowValidateAgainstOoziesSchemas() {
    assertThatCode(() -> validate("bundle.xml", "oozie-bundle-0.2.xsd")).doesNotThrowAnyException();
    for (String coordinator : COORDINATORS) {
      assertThatCode(() -> validate(coordinator, "oozie-coordinator-0.5.xsd")).as(coordinator)
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> validate("workflow.xml", "oozie-workflow-1.0.xsd")).doesNotThrowAnyException();
  }

  @Test
  void theBundleStartsBothCoordinatorsFromTheApplication() throws Exception {
    NodeList paths = parse("bundle.xml").getElementsByTagNameNS("*", "app-path");
    List<String> started = new ArrayList<>();
    for (int i = 0; i < paths.getLength(); i++) {
      started.add(paths.item(i).getTextContent().strip().replace("${appRoot}/", "") + "/coordinator.xml");
    }
    assertThat(started).containsExactlyElementsOf(COORDINATORS);
    assertThat(jobProperties().getProperty("oozie.bundle.application.path")).isEqualTo("${appRoot}");
  }

  @Test
  void variableFinderSeesVariablesNotFunctions() {
    assertThat(variables("${coord:formatTime(coord:nominalTime(), 'yyyy-MM-dd')} ${a}/${b.c}"))
        .containsExactly("a", "b.c");
    assertThat(variables("${wf:errorMessage(wf:lastErrorNode())}")).isEmpty();
    assertThat(variables("${coord:formatTime(coord:nominalTime(), \"yyyy-MM-dd'T'HH:mm\")}")).isEmpty();
  }

  @Test
  void theRefreshRunsEveryFifteenMinutesByDefaultWithoutWaitingForAnyInput() throws Exception {
    Element app = parse("refresh/coordinator.xml").getDocumentElement();
    assertThat(app.getAttribute("frequency")).isEqualTo("${coord:minutes(refreshMinutes)}");
    assertThat(app.getAttribute("timezone")).isEqualTo("UTC");
    assertThat(jobProperties().getProperty("refreshMinutes")).isEqualTo("15");
    assertThat(app.getElementsByTagNameNS("*", "input-events").getLength()).isZero();
    assertThat(text(app, "execution")).isEqualTo("LAST_ONLY");
    // As of its nominal minute; the hourly one as of the end of its nominal hour.
    assertThat(endOf(app)).isEqualTo("${coord:formatTime(coord:nominalTime(), \"yyyy-MM-dd'T'HH:mm\")}");
    assertThat(endOf(parse("hourly/coordinator.xml").getDocumentElement()))
        .isEqualTo("${coord:formatTime(coord:dateOffset(coord:nominalTime(), 1, 'HOUR'), \"yyyy-MM-dd'T'HH:mm\")}");
  }

  private static String endOf(Element coordinator) {
    NodeList properties = coordinator.getElementsByTagNameNS("*", "property");
    for (int i = 0; i < properties.getLength(); i++) {
      Element p = (Element) properties.item(i);
      if (text(p, "name").equals("end")) {
        return text(p, "value");
      }
    }
    throw new AssertionError("no end property");
  }

  @Test
  void coordinatorIsHourlyOnTheUtcHourLayoutWithTheDoneFlag() throws Exception {
    Document coord = parse("hourly/coordinator.xml");
    Element app = coord.getDocumentElement();
    assertThat(app.getAttribute("frequency")).isEqualTo("${coord:hours(1)}");
    assertThat(app.getAttribute("timezone")).isEqualTo("UTC");
    Element dataset = (Element) coord.getElementsByTagNameNS("*", "dataset").item(0);
    assertThat(dataset.getAttribute("timezone")).isEqualTo("UTC");
    assertThat(text(dataset, "uri-template")).isEqualTo("${salesRoot}/${YEAR}/${MONTH}/${DAY}/${HOUR}");
    assertThat(text(dataset, "done-flag")).isEqualTo("_SUCCESS");
    assertThat(text(app, "instance")).isEqualTo("${coord:current(0)}");
    for (String control : List.of("timeout", "concurrency", "throttle")) {
      assertThat(text(app, control)).as(control).matches("\\d+");
    }
  }

  @Test
  void everyVariableIsDefined() throws Exception {
    Properties job = jobProperties();
    for (String key : job.stringPropertyNames()) {
      assertThat(job.stringPropertyNames()).as("job.properties " + key).containsAll(variables(job.getProperty(key)));
    }
    Set<String> passed = new LinkedHashSet<>(job.stringPropertyNames());
    for (String file : COORDINATORS) {
      Set<String> coordinatorVariables = variables(Files.readString(APP.resolve(file)));
      coordinatorVariables.removeAll(URI_TEMPLATE_VARIABLES);
      assertThat(job.stringPropertyNames()).as(file).containsAll(coordinatorVariables);
      NodeList names = parse(file).getElementsByTagNameNS("*", "name");
      Set<String> given = new LinkedHashSet<>();
      for (int i = 0; i < names.getLength(); i++) {
        given.add(names.item(i).getTextContent());
      }
      // A workflow started by a coordinator sees the job's properties and the action's configuration.
      assertThat(given).as(file).contains("end", "endStamp");
    }
    passed.addAll(List.of("end", "endStamp"));
    assertThat(passed).as("what the workflow is given")
        .containsAll(variables(Files.readString(APP.resolve("workflow.xml"))));
    assertThat(job.stringPropertyNames()).as("bundle.xml").containsAll(variables(Files.readString(APP.resolve("bundle.xml"))));
  }

  @Test
  void noPropertyIsLeftEmptyBecauseOozieDropsEmptyProperties() throws IOException {
    // An empty property is not defined for Oozie: ${name} then fails with EL_ERROR (the engine found it;
    // categoryTree was shipped empty). An optional property is left out and read with wf:conf.
    Properties job = jobProperties();
    assertThat(job.stringPropertyNames()).allSatisfy(k -> assertThat(job.getProperty(k)).as(k).isNotBlank());
  }

  @Test
  void theActionsNeedNoActionSharelib() throws IOException {
    // lib/ holds the product and the cluster provides Hadoop; Oozie adds its launcher regardless.
    assertThat(jobProperties().getProperty("oozie.use.system.libpath")).isEqualTo("false");
  }

  @Test
  void noHostsOrSecretsAreCommitted() throws IOException {
    Properties job = jobProperties();
    assertThat(job.getProperty("nameNode")).contains("NAMENODE");
    assertThat(job.getProperty("resourceManager")).contains("RESOURCEMANAGER");
    assertThat(job.getProperty("jdbcUrl")).contains("DBHOST");
    assertThat(job.stringPropertyNames()).noneMatch(k -> k.toLowerCase().contains("password") && !k.endsWith("Alias"));
  }

  @Test
  void everyActionRunsADriverWithArgumentsItAccepts() throws Exception {
    Properties job = jobProperties();
    Map<String, String> values = new HashMap<>();
    for (String key : job.stringPropertyNames()) {
      values.put(key, job.getProperty(key).replace("${nameNode}", "hdfs://namenode:8020"));
    }
    values.put("end", "2026-11-22T14:00");
    values.put("endStamp", "202611221400");
    Document workflow = parse("workflow.xml");
    NodeList actions = workflow.getElementsByTagNameNS("*", "action");
    assertThat(actions.getLength()).isEqualTo(3);
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < actions.getLength(); i++) {
      Element action = (Element) actions.item(i);
      String onError = ((Element) action.getElementsByTagNameNS("*", "error").item(0)).getAttribute("to");
      if (action.getAttribute("name").equals("notify")) {
        // A failed push never fails the ranking, published by then: its error path goes on to the end.
        assertThat(onError).isEqualTo("end");
        assertThat(action.getAttribute("retry-max")).as("notify retries each push itself").isEmpty();
      } else {
        assertThat(Integer.parseInt(substitute(action.getAttribute("retry-max"), values))).as("retries").isPositive();
        assertThat(Integer.parseInt(substitute(action.getAttribute("retry-interval"), values))).as("minutes apart")
            .isPositive();
        assertThat(onError).isEqualTo("fail");
      }
      assertThat(text(action, "main-class")).isEqualTo(OozieMain.class.getName());
      NodeList argNodes = action.getElementsByTagNameNS("*", "arg");
      String[] args = new String[argNodes.getLength()];
      for (int a = 0; a < args.length; a++) {
        args[a] = substitute(argNodes.item(a).getTextContent(), values);
      }
      commands.add(args[0]);
      Tool tool = SalesRankCli.COMMANDS.get(args[0]).get();
      Configuration actionConf = new Configuration(false);
      String[] rest = new GenericOptionsParser(actionConf, Arrays.copyOfRange(args, 1, args.length)).getRemainingArgs();
      if (args[0].equals("rank")) {
        // The typed policy properties reach the command as its configuration.
        assertThat(RankingPolicy.configured(actionConf)).isEqualTo(RankingPolicy.window(168));
        // And so do the rules, each under the key the command reads when its option is not given.
        assertThat(actionConf.get(SalesRankConfig.METRIC)).isEqualTo("units");
        // No tree: the property is left out of job.properties, and wf:conf gives "" for it.
        assertThat(job.getProperty("categoryTree")).isNull();
        assertThat(actionConf.get(SalesRankConfig.CATEGORY_TREE_OPTION)).isEmpty();
        assertThat(actionConf.get(SalesRankConfig.MIN_PRODUCTS)).isEqualTo("0");
        assertThat(actionConf.get(SalesRankConfig.FALLBACK_HOURS_OPTION)).isEqualTo("336,720,2160");
        assertThat(args).containsSequence("--state", "hdfs://namenode:8020/data/salesrank/state");
      }
      assertThatCode(() -> CliSupport.commandLine(tool).parseArgs(rest)).as(String.join(" ", args))
          .doesNotThrowAnyException();
      // A retry starts clean: what the action writes is what it deletes first.
      NodeList deletes = action.getElementsByTagNameNS("*", "delete");
      if (deletes.getLength() > 0) {
        String deleted = substitute(((Element) deletes.item(0)).getAttribute("path"), values);
        assertThat(args[Arrays.asList(args).indexOf("--out") + 1]).isEqualTo(deleted);
      }
    }
    assertThat(commands).containsExactly("rank", "load", "notify");
  }

  @Test
  void theDecayPolicyTravelsAsTypedPropertiesToo() throws Exception {
    Configuration conf = new Configuration(false);
    conf.set("salesrank.policy.kind", "decay");
    conf.set("salesrank.policy.window.hours", jobProperties().getProperty("windowHours"));
    conf.set("salesrank.policy.half-life.hours", "24");
    conf.set("salesrank.policy.lookback.hours", "2160");
    assertThat(RankingPolicy.configured(conf)).isEqualTo(RankingPolicy.decay(24, 2160));
    conf.set("salesrank.policy.kind", "trend");
    conf.set("salesrank.policy.trend.hours", "24");
    assertThat(RankingPolicy.configured(conf)).isEqualTo(RankingPolicy.trend(24, RankingPolicy.DEFAULT_TREND_MIN_UNITS));
    conf.set("salesrank.policy.trend.min-units", "2");
    assertThat(RankingPolicy.configured(conf)).isEqualTo(RankingPolicy.trend(24, 2));
    conf.set("salesrank.policy.kind", "hourly");
    assertThatThrownBy(() -> RankingPolicy.configured(conf)).hasMessageContaining("window, decay or trend");
  }

  @Test
  void theClusterCommandSetHasNoDemo() {
    assertThat(SalesRankCli.COMMANDS).containsKeys("sum", "top", "load", "run", "rank").doesNotContainKey("demo");
    // The action's error message (wf:errorMessage) is the command's own one-line reason.
    assertThatThrownBy(() -> OozieMain.main(new String[] {"demo"}))
        .hasMessageStartingWith("salesrank: unknown command 'demo'").hasMessageNotContaining("\n");
  }

  @Test
  void killMessageCarriesTheFailedActionsError() throws Exception {
    assertThat(text(parse("workflow.xml").getDocumentElement(), "message"))
        .contains("${wf:errorMessage(wf:lastErrorNode())}");
  }

  private static String substitute(String text, Map<String, String> values) {
    Matcher m = EL.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Matcher conf = WF_CONF.matcher(m.group(1));
      // wf:conf gives "" for a property the job does not have (as Oozie's DagELFunctions does).
      String value = conf.matches() ? values.getOrDefault(conf.group(1), "") : values.get(m.group(1));
      assertThat(value).as("value of ${%s}", m.group(1)).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagNameNS("*", tag).item(0).getTextContent().strip();
  }
}
