package io.salesrank.mr.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.salesrank.mr.LocalHadoop;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/ranking-rules.md, the category tree, line by line. */
class CategoryTreeTest {

  private static final String ID_RULE = "(ids are 1-64 of A-Za-z0-9_.:-)";

  @TempDir
  java.nio.file.Path dir;

  private static CategoryTree parse(String... lines) throws IOException {
    return CategoryTreeFile.parse(new BufferedReader(new StringReader(String.join("\n", lines))), "tree.tsv");
  }

  private static void assertFails(String message, String... lines) {
    assertThatThrownBy(() -> parse(lines))
        .isInstanceOf(CategoryTreeException.class)
        .hasMessage("category tree tree.tsv: " + message);
  }

  private static String chain(int length) {
    StringBuilder text = new StringBuilder("c1\n");
    for (int i = 2; i <= length; i++) {
      text.append('c').append(i).append("\tc").append(i - 1).append('\n');
    }
    return text.toString();
  }

  private static String normalized(CategoryTree tree) throws IOException {
    StringWriter out = new StringWriter();
    tree.write(out);
    return out.toString();
  }

  private static List<String> ancestorsOfBytes(CategoryTree tree, byte[] bytes, int start, int length) {
    return Arrays.stream(tree.ancestors(bytes, start, length))
        .map(id -> new String(id, StandardCharsets.US_ASCII))
        .collect(Collectors.toList());
  }

  @Test
  void givesEveryAncestorOfAThreeLevelTreeParentFirst() throws IOException {
    CategoryTree tree = parse("books", "fiction\tbooks", "crime\tfiction", "poetry\tbooks");

    assertThat(tree.size()).isEqualTo(4);
    assertThat(tree.ancestors("crime")).containsExactly("fiction", "books");
    assertThat(tree.ancestors("fiction")).containsExactly("books");
    assertThat(tree.ancestors("poetry")).containsExactly("books");
    assertThat(tree.ancestors("books")).isEmpty();
    assertThat(tree.parent("crime")).isEqualTo("fiction");
    assertThat(tree.parent("books")).isNull();
  }

  @Test
  void aBlankFirstLineAfterAByteOrderMarkIsSkippedLikeAnyBlankLine() throws IOException {
    // Found by CategoryTreeFuzzTest: "\uFEFF\r\t" failed as a bad id, while "\r\t" is skipped.
    CategoryTree tree = parse("\uFEFF\r\t", "b\ta");
    assertThat(tree.parent("b")).isEqualTo("a");
    assertThat(parse("\uFEFF\t\r\t", "b\ta").size()).isEqualTo(2);
  }

  @Test
  void categoryNotInTheFileHasNoAncestors() throws IOException {
    CategoryTree tree = parse("books", "fiction\tbooks");

    assertThat(tree.ancestors("garden")).isEmpty();
    assertThat(tree.parent("garden")).isNull();
    assertThat(tree.ancestors("not an id")).isEmpty();
    assertThat(tree.ancestors("garden".getBytes(StandardCharsets.US_ASCII), 0, 6)).isEmpty();
  }

  @Test
  void parentAbsentAndParentEmptyBothMakeARoot() throws IOException {
    CategoryTree tree = parse("a", "b\t", "c\ta");

    assertThat(tree.size()).isEqualTo(3);
    assertThat(tree.parent("a")).isNull();
    assertThat(tree.parent("b")).isNull();
    assertThat(tree.ancestors("c")).containsExactly("a");
  }

  @Test
  void parentNamedOnlyAsParentIsARootCategory() throws IOException {
    CategoryTree tree = parse("leaf\tmid", "mid\ttop");

    assertThat(tree.size()).isEqualTo(3);
    assertThat(tree.ancestors("leaf")).containsExactly("mid", "top");
    assertThat(tree.parent("top")).isNull();
    assertThat(tree.ancestors("top")).isEmpty();
  }

  @Test
  void keepsEveryParentWhenEachLineNamesANewOne() throws IOException {
    String[] lines = IntStream.range(0, 1000).mapToObj(i -> "c" + i + "\tp" + i).toArray(String[]::new);

    CategoryTree tree = parse(lines);

    assertThat(tree.size()).isEqualTo(2000);
    IntStream.range(0, 1000).forEach(i -> assertThat(tree.parent("c" + i)).isEqualTo("p" + i));
  }

  @Test
  void parentMayBeListedAfterItsChild() throws IOException {
    CategoryTree tree = parse("leaf\tmid", "mid\ttop", "top");

    assertThat(tree.ancestors("leaf")).containsExactly("mid", "top");
  }

  @Test
  void skipsCommentsAndEmptyLinesButCountsThemInLineNumbers() throws IOException {
    CategoryTree tree = parse("# the tree", "", "a", "  \t ", "#b\tc", "b\ta", "\t\t");

    assertThat(tree.size()).isEqualTo(2);
    assertThat(tree.ancestors("b")).containsExactly("a");
    assertFails("line 6: 'x y' is not a category id " + ID_RULE, "# the tree", "", "a", "", "# x", "x y\ta");
  }

  @Test
  void toleratesCrlfLineEndsAndAByteOrderMark() throws IOException {
    CategoryTree tree = CategoryTreeFile.parse(
        new BufferedReader(new StringReader("\uFEFFa\r\n# note\r\n\r\nb\ta\r\nc\tb\r\n")), "crlf.tsv");

    assertThat(tree.size()).isEqualTo(3);
    assertThat(tree.ancestors("c")).containsExactly("b", "a");
    assertThat(tree).isEqualTo(parse("a", "b\ta", "c\tb"));
  }

  @Test
  void emptyFileIsAnEmptyTree() throws IOException {
    assertThat(parse("")).isEqualTo(CategoryTree.empty());
    assertThat(parse("# nothing", "")).isEqualTo(CategoryTree.empty());
    assertThat(CategoryTree.empty().size()).isZero();
    assertThat(CategoryTree.empty().ancestors("a")).isEmpty();
  }

  @Test
  void refusesCategoryListedTwice() {
    assertFails("line 5: category 'a' is listed twice (first on line 3)", "# x", "", "a", "b\ta", "a\tb");
  }

  @Test
  void refusesCategoryListedTwiceEvenWithTheSameParent() {
    assertFails("line 3: category 'b' is listed twice (first on line 2)", "a", "b\ta", "b\ta");
  }

  @Test
  void refusesCategoryThatIsItsOwnParent() {
    assertFails("line 2: category 'a' is its own parent", "r", "a\ta");
  }

  @Test
  void refusesTwoCycleNamingIt() {
    assertFails("line 3: cycle: b -> a -> b (each category -> its parent)", "r", "a\tb", "b\ta");
  }

  @Test
  void refusesLongerCycleAtTheLineThatClosesIt() {
    assertFails("line 5: cycle: a -> c -> b -> a (each category -> its parent)",
        "root", "c\tb", "b\ta", "x\tc", "a\tc", "z\tx");
  }

  @Test
  void reportsTheCycleThatClosesFirstWhenThereAreSeveral() {
    assertFails("line 4: cycle: q -> p -> q (each category -> its parent)",
        "a\tb", "b\tc", "p\tq", "q\tp", "c\ta");
  }

  @Test
  void refusesBadCategoryId() {
    assertFails("line 2: 'x y' is not a category id " + ID_RULE, "a", "x y\ta");
  }

  @Test
  void refusesEmptyCategoryIdBeforeAParent() {
    assertFails("line 1: '' is not a category id " + ID_RULE, "\ta");
  }

  @Test
  void refusesBadParentId() {
    assertFails("line 2: parent 'a/b' is not a category id " + ID_RULE, "a", "b\ta/b");
  }

  @Test
  void refusesOverallCategoryId() {
    assertFails("line 1: '*' is not a category id " + ID_RULE, "*");
    assertFails("line 1: parent '*' is not a category id " + ID_RULE, "a\t*");
  }

  @Test
  void refusesIdOfSixtyFiveCharactersAndEchoesOnlySixtyFour() throws IOException {
    String sixtyFour = "x".repeat(64);

    assertThat(parse(sixtyFour).size()).isEqualTo(1);
    assertFails("line 1: '" + sixtyFour + "' (cut, longer than 64 characters) is not a category id " + ID_RULE,
        sixtyFour + "y");
    assertFails("line 2: parent '" + sixtyFour + "' (cut, longer than 64 characters) is not a category id "
        + ID_RULE, "a", "b\t" + sixtyFour + "zzz");
  }

  @Test
  void refusesVeryLongLineWithoutEchoingIt() {
    assertFails("line 1: '" + "x".repeat(64) + "' (cut, longer than 64 characters) is not a category id "
        + ID_RULE, "x".repeat(100_000) + "\tparent");
    assertFails("line 1: a line has more than two fields", "x".repeat(100_000) + "\tparent\textra");
  }

  @Test
  void escapesControlCharactersInTheMessage() {
    assertFails("line 1: 'a\\x0db' is not a category id " + ID_RULE, "a\rb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\tb\tc", "a\tb\t", "a\t\t", "\tb\t"})
  void refusesMoreThanTwoFields(String line) {
    assertFails("line 2: a line has more than two fields", "b", line);
  }

  @Test
  void acceptsChainOfThirtyTwoCategories() throws IOException {
    CategoryTree tree = CategoryTreeFile.parse(new BufferedReader(new StringReader(chain(32))), "deep.tsv");

    assertThat(tree.size()).isEqualTo(32);
    assertThat(tree.ancestors("c32")).hasSize(31).startsWith("c31").endsWith("c1");
  }

  @Test
  void refusesChainOfThirtyThreeCategories() {
    assertThatThrownBy(() -> CategoryTreeFile.parse(new BufferedReader(new StringReader(chain(33))), "deep.tsv"))
        .isInstanceOf(CategoryTreeException.class)
        .hasMessage("category tree deep.tsv: line 33: chain deeper than 32 levels: 'c33' has 32 ancestors"
            + " up to root 'c1'; a chain may hold at most 32 categories");
  }

  @Test
  void reportsDepthAtTheCategoryOnLevelThirtyThreeWhateverTheLineOrder() {
    // Leaf first: c34 on line 1, c33 (level 33) on line 2.
    List<String> lines = new ArrayList<>(Arrays.asList(chain(34).split("\n")));
    Collections.reverse(lines);

    assertFails("line 2: chain deeper than 32 levels: 'c33' has 32 ancestors up to root 'c1';"
        + " a chain may hold at most 32 categories", lines.toArray(String[]::new));
  }

  @Test
  void writesNormalizedTreeSortedByIdThatReadsBackEqual() throws IOException {
    CategoryTree tree = parse("# shop", "z\ty", "y", "b\ty", "a\tm", "", "B\tb");

    assertThat(normalized(tree)).isEqualTo("B\tb\na\tm\nb\ty\nm\t\ny\t\nz\ty\n");
    CategoryTree back = CategoryTreeFile.parse(new BufferedReader(new StringReader(normalized(tree))), "back");
    assertThat(back).isEqualTo(tree);
    assertThat(back.sha256()).isEqualTo(tree.sha256());
  }

  @Test
  void digestIgnoresCommentsOrderAndLineEnds() throws IOException {
    CategoryTree one = parse("# v1", "a", "b\ta", "c\tb");
    CategoryTree two = CategoryTreeFile.parse(
        new BufferedReader(new StringReader("c\tb\r\n\r\n# v2\r\nb\ta\r\na\t\r\n")), "two");
    CategoryTree three = parse("c\tb", "b\ta");
    CategoryTree other = parse("a", "b\ta", "c\ta");

    assertThat(one.sha256()).matches("[0-9a-f]{64}").isEqualTo(two.sha256()).isEqualTo(three.sha256());
    assertThat(one).isEqualTo(two).isEqualTo(three).hasSameHashCodeAs(three);
    assertThat(other.sha256()).isNotEqualTo(one.sha256());
    assertThat(other).isNotEqualTo(one);
  }

  @Test
  void byteLookupAgreesWithStringLookupAtAnyOffset() throws IOException {
    CategoryTree tree = parse("books", "fiction\tbooks", "crime\tfiction", "noir\tcrime", "garden");
    byte[] line = "2026-11-22T13:05:09Z\tp-1\tnoir\t3\tfiction|crime|books|garden|unknown|book"
        .getBytes(StandardCharsets.US_ASCII);
    String text = new String(line, StandardCharsets.US_ASCII);

    for (String category : List.of("noir", "fiction", "crime", "books", "garden", "unknown", "book")) {
      int start = text.lastIndexOf(category);
      assertThat(ancestorsOfBytes(tree, line, start, category.length()))
          .as(category)
          .isEqualTo(tree.ancestors(category));
    }
    assertThat(ancestorsOfBytes(tree, line, text.indexOf("noir"), 4)).containsExactly("crime", "fiction", "books");
    assertThat(tree.ancestors(line, text.indexOf("noir"), 0)).isEmpty();
  }

  @Test
  void readsFileFromAHadoopPath() throws IOException {
    java.nio.file.Path file = dir.resolve("tree.tsv");
    Files.writeString(file, "# tree\nbooks\nfiction\tbooks\r\ncrime\tfiction\n", StandardCharsets.UTF_8);

    CategoryTree tree = CategoryTreeFile.read(LocalHadoop.conf(dir), new Path(file.toUri()));

    assertThat(tree.size()).isEqualTo(3);
    assertThat(tree.ancestors("crime")).containsExactly("fiction", "books");
  }

  @Test
  void namesTheFileInErrorsFromRead() throws IOException {
    java.nio.file.Path file = dir.resolve("bad.tsv");
    Files.writeString(file, "a\n\nb\tc d\n", StandardCharsets.UTF_8);
    Path path = new Path(file.toUri());

    assertThatThrownBy(() -> CategoryTreeFile.read(LocalHadoop.conf(dir), path))
        .isInstanceOf(CategoryTreeException.class)
        .hasMessage("category tree " + path + ": line 3: parent 'c d' is not a category id " + ID_RULE);
  }

  @Test
  void refusesMissingFile() {
    Path missing = new Path(dir.resolve("missing.tsv").toUri());

    assertThatThrownBy(() -> CategoryTreeFile.read(LocalHadoop.conf(dir), missing))
        .isInstanceOf(CategoryTreeException.class)
        .hasMessage("category tree " + missing + ": does not exist");
  }

  @Test
  void refusesDirectory() {
    Path directory = new Path(dir.toUri());

    assertThatThrownBy(() -> CategoryTreeFile.read(LocalHadoop.conf(dir), directory))
        .isInstanceOf(CategoryTreeException.class)
        .hasMessage("category tree " + directory + ": is a directory, not a file");
  }

  @Test
  void readsHundredThousandCategories() throws IOException {
    StringBuilder text = new StringBuilder();
    IntStream.range(0, 10).forEach(r -> {
      text.append("r").append(r).append('\n');
      for (int m = 0; m < 100; m++) {
        text.append("r").append(r).append(".m").append(m).append("\tr").append(r).append('\n');
        for (int l = 0; l < 100; l++) {
          text.append("r").append(r).append(".m").append(m).append(".l").append(l)
              .append("\tr").append(r).append(".m").append(m).append('\n');
        }
      }
    });

    CategoryTree tree = CategoryTreeFile.parse(new BufferedReader(new StringReader(text.toString())), "big.tsv");

    assertThat(tree.size()).isEqualTo(10 + 10 * 100 + 10 * 100 * 100);
    assertThat(tree.ancestors("r7.m42.l99")).containsExactly("r7.m42", "r7");
    byte[] id = "r9.m99.l0".getBytes(StandardCharsets.US_ASCII);
    assertThat(ancestorsOfBytes(tree, id, 0, id.length)).containsExactly("r9.m99", "r9");
  }
}
