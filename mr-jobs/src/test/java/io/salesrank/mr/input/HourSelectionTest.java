package io.salesrank.mr.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** The progress line's account of the hours a run reads: counts in words, absences not told as errors. */
class HourSelectionTest {

  private static List<Path> hours(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Path("/s/h" + i)).toList();
  }

  @Test
  void saysHowManyHoursOfTheSpanHaveNoDirectoryOrNoFlag() {
    assertThat(new HourLayout.Selection(hours(96), hours(2064), hours(1), List.of()).describe(new Path("/s")))
        .isEqualTo("reading 96 hour directories under /s (of the span's 2160 hours, 2064 have no directory,"
            + " 1 lack _SUCCESS)");
    assertThat(new HourLayout.Selection(hours(1), List.of(), List.of(), List.of()).describe(new Path("/s")))
        .isEqualTo("reading 1 hour directory under /s");
  }
}
