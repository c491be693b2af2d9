package io.salesrank.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The id alphabet of docs/input.md, as bytes and as text, checked alike. */
class IdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"p1", "A", "z", "0", "SKU_12.3:blue-XL",
      "1234567890123456789012345678901234567890123456789012345678901234"})
  void acceptsIdsOfTheAlphabetUpToSixtyFourCharacters(String id) {
    assertThat(Ids.isId(id)).isTrue();
    byte[] b = ("x" + id + "y").getBytes(StandardCharsets.UTF_8);
    assertThat(Ids.isId(b, 1, b.length - 1)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a/b", "*", "a,b", "a\tb", "caf\u00e9", "\u0100", "a\"b",
      "12345678901234567890123456789012345678901234567890123456789012345"})
  void refusesEverythingElse(String id) {
    assertThat(Ids.isId(id)).isFalse();
    byte[] b = id.getBytes(StandardCharsets.UTF_8);
    assertThat(Ids.isId(b, 0, b.length)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "hot", "storefront-eu", "week_2", "0", "abcdefghijklmnopqrstuvwxyz012345"})
  void acceptsRankingNamesOfTheirAlphabetUpToThirtyTwoCharacters(String name) {
    assertThat(Ids.isRankingName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Default", "eu.west", "a:b", "a b", "*", "caf\u00e9", "abcdefghijklmnopqrstuvwxyz0123456"})
  void refusesRankingNamesOutsideIt(String name) {
    assertThat(Ids.isRankingName(name)).isFalse();
  }

  @Test
  void theOverallCategoryIsNotAnIdSoItNeverClashesWithOne() {
    assertThat(Ids.isId(Ids.OVERALL)).isFalse();
  }
}
