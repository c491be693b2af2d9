package io.salesrank.mr.sum;

import static io.salesrank.mr.sum.Sums.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ScoreSumTest {


  @Test
  void windowScoreIsTheExactUnitCount() {
    ScoreSum sum = new ScoreSum();
    for (int qty : new int[] {999_999_999, 999_999_999, -3, 7}) {
      sum.add(sum(qty, 1.0));
    }
    assertThat(sum.units()).isEqualTo(2_000_000_002L);
    assertThat(sum.score()).isEqualTo(2_000_000_002.0);
  }

  @Test
  void decayedSumDoesNotDependOnTheOrderOfAddition() {
    Random random = new Random(7);
    List<ScoreSum> lines = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      lines.add(sum(random.nextInt(41) - 10, Math.pow(2, -random.nextDouble() * 40)));
    }
    double first = sumOf(lines).score();
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(lines, random);
      ScoreSum left = sumOf(lines.subList(0, 700));
      left.add(sumOf(lines.subList(700, lines.size())));
      assertThat(left.score()).isEqualTo(first);
    }
  }

  @Test
  void returnsBringTheScoreBelowZero() {
    ScoreSum sum = sum(2, 0.25);
    sum.add(sum(-1, 0.5));
    assertThat(sum.isPositive()).isFalse();
    assertThat(sum.score()).isZero();
    sum.add(sum(-1, 0.5));
    assertThat(sum.isPositive()).isFalse();
    assertThat(sum.score()).isEqualTo(-0.5);
    sum.add(sum(1, 0x1p-60));
    assertThat(sum.isPositive()).isFalse();
  }

  @Test
  void tinyPositiveScoreIsStillPositive() {
    ScoreSum sum = sum(1, 0x1p-60);
    assertThat(sum.isPositive()).isTrue();
    assertThat(sum.score()).isEqualTo(0x1p-60);
  }

  @Test
  void survivesSerialisation() throws IOException {
    ScoreSum sum = sum(-5, 0.3);
    sum.add(sum(12, 0.9));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sum.write(new DataOutputStream(bytes));
    ScoreSum copy = new ScoreSum();
    copy.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(copy.units()).isEqualTo(7);
    assertThat(copy.score()).isEqualTo(sum.score()).isCloseTo(12 * 0.9 - 5 * 0.3, org.assertj.core.data.Offset.offset(1e-12));
  }

  private static ScoreSum sumOf(List<ScoreSum> lines) {
    ScoreSum sum = new ScoreSum();
    lines.forEach(sum::add);
    return sum;
  }
}
