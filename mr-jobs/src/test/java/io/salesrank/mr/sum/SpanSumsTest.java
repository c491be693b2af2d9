package io.salesrank.mr.sum;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;

class SpanSumsTest {

  private static SpanSums roundTrip(SpanSums sums, SpanSums into) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    sums.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    into.readFields(in);
    return into;
  }

  @Test
  void eachSpanAddsUpItsRingAndTheShorterOnes() {
    SpanSums sums = new SpanSums(3);
    SpanSums line = new SpanSums(3);
    line.set(0, 3, 3, ScoreSum.ONE);
    sums.add(line);
    line.set(2, 5, 1, ScoreSum.ONE);
    sums.add(line);
    ScoreSum span = new ScoreSum();
    sums.span(0, span);
    assertThat(span.units()).isEqualTo(3);
    sums.span(1, span);
    assertThat(span.units()).isEqualTo(3);
    sums.span(2, span);
    assertThat(span.units()).isEqualTo(8);
    assertThat(span.score()).isEqualTo(4.0);
  }

  @Test
  void writesOnlyTheRingsThatAreNotZeroAndReadsBackEqual() throws IOException {
    SpanSums sums = new SpanSums(4);
    sums.set(1, 7, -1, ScoreSum.ONE);
    DataOutputBuffer out = new DataOutputBuffer();
    sums.write(out);
    assertThat(out.getLength()).isEqualTo(1 + 1 + 24);
    // Read into a value that held other rings: they must not survive.
    SpanSums stale = new SpanSums(4);
    stale.set(3, 9, 9, ScoreSum.ONE);
    assertThat(roundTrip(sums, stale)).isEqualTo(sums);
    assertThat(roundTrip(sums, new SpanSums())).isEqualTo(sums);
  }
}
