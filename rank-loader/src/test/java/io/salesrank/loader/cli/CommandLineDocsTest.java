package io.salesrank.loader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.salesrank.mr.cli.CliSupport;
import org.junit.jupiter.api.Test;

/** docs/cli.md, the command-line page, names every option each batch command's --help prints. */
class CommandLineDocsTest {

  /** An option as help prints it: a dash or two and a name, not inside a word or a negative number. */
  static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[A-Za-z][\\w-]*)");

  static Set<String> options(String help) {
    Set<String> options = new TreeSet<>();
    Matcher m = OPTION.matcher(help);
    while (m.find()) {
      options.add(m.group(1));
    }
    return options;
  }

  @Test
  void theCommandLinePageNamesEveryOptionOfEveryCommand() throws Exception {
    String page = Files.readString(Path.of("..", "docs", "cli.md"));
    assertThat(SalesRankCli.COMMANDS).hasSizeGreaterThan(6);
    SalesRankCli.COMMANDS.forEach((name, tool) -> {
      String help = CliSupport.commandLine(tool.get()).getUsageMessage();
      Set<String> options = options(help);
      assertThat(options).as(name).contains("--help");
      assertThat(options).as("options of %s --help missing from docs/cli.md", name)
          .allSatisfy(option -> assertThat(options(page)).contains(option));
    });
  }

  @Test
  void binSalesrankDispatchesListsAndSuggestsEveryBatchCommand() throws Exception {
    String script = Files.readString(Path.of("..", "bin", "salesrank"));
    String dispatched = script.lines().filter(l -> l.trim().startsWith("rank|")).findFirst().orElseThrow();
    String suggested = script.lines().filter(l -> l.contains("for known in")).findFirst().orElseThrow();
    String usage = script.substring(script.indexOf("<<'USAGE'"), script.indexOf("\nUSAGE\n"));
    assertThat(SalesRankCli.COMMANDS.keySet()).allSatisfy(command -> {
      assertThat(dispatched).as("bin/salesrank's case line").contains(command);
      assertThat(suggested).as("bin/salesrank's near-miss list").contains(" " + command);
      assertThat(usage).as("bin/salesrank's usage").containsPattern("\\b" + command + "\\b");
    });
  }

  @Test
  void findsOptionsAsHelpPrintsThem() {
    assertThat(options("  -D key=value, --window-hours=N  over 2-3 hours, e.g. -1 or a-b"))
        .containsExactly("--window-hours", "-D");
  }
}
