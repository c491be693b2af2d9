package io.salesrank.mr.sum;

import static io.salesrank.mr.sum.Sums.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

class SumsReducerTest {


  @Test
  void sumsUnitsAndScoresIncludingReturns() throws IOException {
    List<Pair<Text, ScoreSum>> out = ReduceDriver.newReduceDriver(new SumsReducer.Scores())
        .withInput(new Text("c1\tp1"), List.of(sum(3, 1), sum(-1, 1), sum(5, 1)))
        .run();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).getFirst()).hasToString("c1\tp1");
    assertThat(out.get(0).getSecond().units()).isEqualTo(7);
    assertThat(out.get(0).getSecond().score()).isEqualTo(7.0);
  }

  @Test
  void keepsNonPositiveSumsForStepTwoToDrop() throws IOException {
    List<Pair<Text, ScoreSum>> out = ReduceDriver.newReduceDriver(new SumsReducer.Scores())
        .withInput(new Text("*\tp2"), List.of(sum(1, 0.5), sum(-2, 0.5)))
        .run();
    assertThat(out.get(0).getSecond().units()).isEqualTo(-1);
    assertThat(out.get(0).getSecond().isPositive()).isFalse();
  }
}
