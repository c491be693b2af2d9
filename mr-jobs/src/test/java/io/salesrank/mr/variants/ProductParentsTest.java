package io.salesrank.mr.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProductParentsTest {

  private static ProductParents parse(String text) throws IOException {
    return ProductParents.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "parents.tsv");
  }

  @Test
  void rollsListedVariantsUpAndLeavesEveryOtherProductItsOwnParent() throws IOException {
    ProductParents p = parse("\uFEFF# variant\tparent\r\nshirt-s\tshirt\r\n\n  \t \nshirt-m\tshirt\nmug-red\tmug");
    assertThat(p.size()).isEqualTo(3);
    assertThat(p.parents()).isEqualTo(2);
    assertThat(p.rollUp("shirt-s")).isEqualTo("shirt");
    assertThat(p.rollUp("shirt-m")).isEqualTo("shirt");
    assertThat(p.rollUp("mug-red")).isEqualTo("mug");
    assertThat(p.rollUp("shirt")).isEqualTo("shirt");
    assertThat(p.rollUp("shirt-")).isEqualTo("shirt-");
    assertThat(p.rollUp("other")).isEqualTo("other");
    // The lookup reads the id inside a larger buffer, as the mappers do.
    byte[] line = "x\tshirt-m\ty".getBytes(StandardCharsets.US_ASCII);
    int parent = p.parentIndex(line, 2, 7);
    assertThat(new String(p.parentBytes(), p.parentStart(parent), p.parentLength(parent), StandardCharsets.US_ASCII))
        .isEqualTo("shirt");
    assertThat(p.parentIndex(line, 2, 6)).isEqualTo(-1);
  }

  @Test
  void anEmptyFileRollsNothingUp() throws IOException {
    ProductParents p = parse("# nothing yet\n");
    assertThat(p.size()).isZero();
    assertThat(p.rollUp("p1")).isEqualTo("p1");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "a\\tb\\nc | line 2: expected product_id TAB parent_id (ids are 1-64 of A-Za-z0-9_.:-)",
      "a\\tb\\tc | line 1: expected product_id TAB parent_id (ids are 1-64 of A-Za-z0-9_.:-)",
      "a\\t | line 1: parent_id is outside the id alphabet",
      "\\tb | line 1: product_id is outside the id alphabet",
      "a b\\tc | line 1: product_id is outside the id alphabet",
      "a\\tc/1 | line 1: parent_id is outside the id alphabet",
      "# x\\na\\tb\\n\\na\\tc | line 4: variant a is listed twice (first on line 2)",
      "a\\tb\\nb\\tc | line 1: parent b is itself listed as a variant (line 2); chains are not allowed, name the top parent",
      "a\\ta | line 1: parent a is itself listed as a variant (line 1); chains are not allowed, name the top parent",
  })
  void refusesABrokenFileNamingTheLine(String escaped, String reason) {
    String text = escaped.replace("\\t", "\t").replace("\\n", "\n");
    assertThatThrownBy(() -> parse(text)).isInstanceOf(ProductParentsException.class)
        .hasMessage("product parents parents.tsv: " + reason);
  }

  @Test
  void refusesALineTooLongToHoldTwoIdsWithoutEchoingIt() {
    String text = "a\tb\n" + "x".repeat(100) + "\t" + "y".repeat(100) + "\n";
    assertThatThrownBy(() -> parse(text)).hasMessage("product parents parents.tsv: line 2: expected product_id"
        + " TAB parent_id (ids are 1-64 of A-Za-z0-9_.:-)");
  }

  @Test
  void aHundredThousandRandomVariantsLookUpAsAMapDoesAndSurviveTheImage() throws IOException {
    Random random = new Random(42);
    Map<String, String> expected = new HashMap<>();
    StringBuilder file = new StringBuilder();
    while (expected.size() < 100_000) {
      String variant = "v" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      String parent = "P" + random.nextInt(20_000);
      if (expected.putIfAbsent(variant, parent) == null) {
        file.append(variant).append('\t').append(parent).append('\n');
      }
    }
    ProductParents read = parse(file.toString());
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(image)) {
      read.writeImage(out);
    }
    ProductParents loaded = ProductParents.readImage(new DataInputStream(new ByteArrayInputStream(image.toByteArray())));
    assertThat(loaded.sha256()).isEqualTo(read.sha256()).hasSize(64);
    assertThat(loaded.size()).isEqualTo(100_000);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(loaded.rollUp(e.getKey())).isEqualTo(e.getValue());
    }
    for (int i = 0; i < 10_000; i++) {
      String absent = "w" + i;
      assertThat(loaded.rollUp(absent)).isEqualTo(absent);
    }
  }
}
