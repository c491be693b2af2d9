package io.salesrank.mr.top;

import static io.salesrank.mr.sum.Sums.sum;
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


  private static MapReduceDriver<Text, Writable, RankKey, LongWritable, Text, NullWritable> driver(int topN) {
    MapReduceDriver<Text, Writable, RankKey, LongWritable, Text, NullWritable> driver =
        MapReduceDriver.newMapReduceDriver(new TopNMapper(), new TopNReducer());
    SalesRankConfig.setTopN(driver.getConfiguration(), topN);
    driver.setKeyOrderComparator(new RankKey.Comparator());
    driver.setKeyGroupingComparator(new RankKey.CategoryGroupingComparator());
    return driver;
  }

  /**
   * Step 2's lines for step 1's sums {@code "category product units [weight]"} (weight 1 if absent),
   * keeping {@code topN} a category.
   */
  private static List<String> rank(int topN, String... sums) throws IOException {
    MapReduceDriver<Text, Writable, RankKey, LongWritable, Text, NullWritable> driver = driver(topN);
    for (String line : sums) {
      String[] f = line.split(" ");
      driver.withInput(new Text(f[0] + "\t" + f[1]),
          sum(Integer.parseInt(f[2]), f.length > 3 ? Double.parseDouble(f[3]) : 1));
    }
    return driver.run().stream().map(p -> p.getFirst().toString()).toList();
  }

  @Test
  void ranksByScoreThenProductIdAndKeepsTopN() throws IOException {
    List<String> out = rank(3, "c1 p1 5", "c1 p2 9", "c1 p3 5", "c1 p4 1", "c2 p1 2", "* p1 7", "* p2 9");
    assertThat(out).containsExactly(
        "*\t1\tp2\t9\t9.0",
        "*\t2\tp1\t7\t7.0",
        "c1\t1\tp2\t9\t9.0",
        "c1\t2\tp1\t5\t5.0",
        "c1\t3\tp3\t5\t5.0",
        "c2\t1\tp1\t2\t2.0");
  }

  @Test
  void dropsProductsWhoseScoreIsNotAboveZero() throws IOException {
    List<String> out = rank(10, "c1 gone 0", "c1 returned -2", "c1 kept 1");
    assertThat(out).containsExactly("c1\t1\tkept\t1\t1.0");
  }

  @Test
  void ordersByDecayedScoreNotByUnits() throws IOException {
    List<String> out = rank(10, "c old 10 0.125", "c new 2");
    assertThat(out).containsExactly("c\t1\tnew\t2\t2.0", "c\t2\told\t10\t1.25");
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
    List<String> out = rank(2, "c1 a 1", "c2 b 1", "c1 c 3", "c1 d 2");
    assertThat(out).containsExactly("c1\t1\tc\t3\t3.0", "c1\t2\td\t2\t2.0", "c2\t1\tb\t1\t1.0");
  }
}
