package io.salesrank.mr.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.sum.ScoreSum;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

/** Step 2 through MRUnit with the job's own partitioner and comparators. */
class TopNStepTest {

  private static ScoreSum sum(int units, double weight) {
    ScoreSum s = new ScoreSum();
    s.set(units, ScoreSum.fixedWeight(weight));
    return s;
  }

  private static MapReduceDriver<Text, Writable, RankKey, LongWritable, Text, NullWritable> driver(int topN) {
    MapReduceDriver<Text, Writable, RankKey, LongWritable, Text, NullWritable> driver =
        MapReduceDriver.newMapReduceDriver(new TopNMapper(), new TopNReducer());
    SalesRankConfig.setTopN(driver.getConfiguration(), topN);
    driver.setKeyOrderComparator(new RankKey.Comparator());
    driver.setKeyGroupingComparator(new RankKey.CategoryGroupingComparator());
    return driver;
  }

  private static List<String> lines(List<Pair<Text, NullWritable>> out) {
    return out.stream().map(p -> p.getFirst().toString()).toList();
  }

  @Test
  void ranksByScoreThenProductIdAndKeepsTopN() throws IOException {
    List<Pair<Text, NullWritable>> out = driver(3)
        .withInput(new Text("c1\tp1"), sum(5, 1))
        .withInput(new Text("c1\tp2"), sum(9, 1))
        .withInput(new Text("c1\tp3"), sum(5, 1))
        .withInput(new Text("c1\tp4"), sum(1, 1))
        .withInput(new Text("c2\tp1"), sum(2, 1))
        .withInput(new Text("*\tp1"), sum(7, 1))
        .withInput(new Text("*\tp2"), sum(9, 1))
        .run();
    assertThat(lines(out)).containsExactly(
        "*\t1\tp2\t9\t9.0",
        "*\t2\tp1\t7\t7.0",
        "c1\t1\tp2\t9\t9.0",
        "c1\t2\tp1\t5\t5.0",
        "c1\t3\tp3\t5\t5.0",
        "c2\t1\tp1\t2\t2.0");
  }

  @Test
  void dropsProductsWhoseScoreIsNotAboveZero() throws IOException {
    List<Pair<Text, NullWritable>> out = driver(10)
        .withInput(new Text("c1\tgone"), sum(0, 1))
        .withInput(new Text("c1\treturned"), sum(-2, 1))
        .withInput(new Text("c1\tkept"), sum(1, 1))
        .run();
    assertThat(lines(out)).containsExactly("c1\t1\tkept\t1\t1.0");
  }

  @Test
  void ordersByDecayedScoreNotByUnits() throws IOException {
    List<Pair<Text, NullWritable>> out = driver(10)
        .withInput(new Text("c\told"), sum(10, 0.125))
        .withInput(new Text("c\tnew"), sum(2, 1))
        .run();
    assertThat(lines(out)).containsExactly("c\t1\tnew\t2\t2.0", "c\t2\told\t10\t1.25");
  }

  @Test
  void mapperPrunesEachCategoryToTopNBeforeTheShuffle() throws IOException {
    MapDriver<Text, Writable, RankKey, LongWritable> map = MapDriver.newMapDriver(new TopNMapper());
    SalesRankConfig.setTopN(map.getConfiguration(), 2);
    for (int p = 0; p < 50; p++) {
      map.withInput(new Text("c1\tp" + p), sum(p % 7 + 1, 1));
    }
    map.withInput(new Text("c2\tonly"), sum(1, 1));
    List<Pair<RankKey, LongWritable>> out = map.run();
    assertThat(out).extracting(p -> p.getFirst().category() + "/" + p.getFirst().product() + "/" + p.getSecond())
        .containsExactlyInAnyOrder("c1/p13/7", "c1/p20/7", "c2/only/1");
  }

  @Test
  void categoryReturningLaterIsStillRankedCorrectly() throws IOException {
    List<Pair<Text, NullWritable>> out = driver(2)
        .withInput(new Text("c1\ta"), sum(1, 1))
        .withInput(new Text("c2\tb"), sum(1, 1))
        .withInput(new Text("c1\tc"), sum(3, 1))
        .withInput(new Text("c1\td"), sum(2, 1))
        .run();
    assertThat(lines(out)).containsExactly("c1\t1\tc\t3\t3.0", "c1\t2\td\t2\t2.0", "c2\t1\tb\t1\t1.0");
  }
}
