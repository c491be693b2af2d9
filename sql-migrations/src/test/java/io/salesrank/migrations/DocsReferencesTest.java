package io.salesrank.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every reference the repository makes to its documentation resolves inside the repository: the code's
 * {@code docs/PAGE.md} citations and the Markdown pages' relative links. Nothing cites a document that
 * is not in it.
 */
class DocsReferencesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern CITED = Pattern.compile("docs/([a-z0-9-]+\\.md)");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)\\s]*)?\\)");
  private static final Pattern SOURCE = Pattern.compile(".*\\.(java|sh|xml|properties|yml|sql|html|js|css|lua|md)$");

  private static List<Path> files() throws IOException {
    try (Stream<Path> all = Files.walk(ROOT)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !ROOT.relativize(p).toString().matches("(.*/)?(target|\\.git|node_modules)/.*"))
          .filter(p -> SOURCE.matcher(p.getFileName().toString()).matches() || p.endsWith(Path.of("bin", "salesrank")))
          .toList();
    }
  }

  @Test
  void everyCitedPageIsInTheRepository() throws IOException {
    List<String> missing = new ArrayList<>();
    int cited = 0;
    for (Path file : files()) {
      String text = Files.readString(file);
      // The external contract is not in the repository: the code cites the project's own pages.
      assertThat(text).as(ROOT.relativize(file).toString()).doesNotContain("CONTRACT" + " section");
      Matcher m = CITED.matcher(text);
      while (m.find()) {
        cited++;
        if (!Files.isRegularFile(ROOT.resolve("docs").resolve(m.group(1)))) {
          missing.add(ROOT.relativize(file) + " cites docs/" + m.group(1));
        }
      }
    }
    assertThat(cited).isGreaterThan(40);
    assertThat(missing).isEmpty();
  }

  @Test
  void everyRelativeLinkOfTheDocsResolves() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (!target.contains("://") && !target.startsWith("mailto:")
            && !Files.exists(page.getParent().resolve(target).normalize())) {
          broken.add(ROOT.relativize(page) + " -> " + target);
        }
      }
    }
    assertThat(pages).hasSizeGreaterThan(8);
    assertThat(broken).isEmpty();
  }
}
