package io.salesrank.mr.state;

import java.io.Closeable;
import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;

/**
 * The previous run's totals of one reducer partition, read in key order (the shuffle's) beside the
 * keys the reducer receives, each aged to this run's end by {@code factor} as it is added.
 */
final class PreviousTotals implements Closeable {

  private final SequenceFile.Reader reader;
  private final double factor;
  private final Text key = new Text();
  private final StateSum total = new StateSum();
  private boolean present;

  /** Opens {@code part}, whose totals weigh {@code factor} at this run's end (1 for a window). */
  PreviousTotals(Configuration conf, Path part, double factor) throws IOException {
    this.reader = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part));
    this.factor = factor;
    advance();
  }

  /** Whether a total is left whose key sorts before {@code other} (or, null, any at all). */
  boolean before(Text other) {
    return present && (other == null || key.compareTo(other) < 0);
  }

  /** Whether the next total is {@code other}'s. */
  boolean at(Text other) {
    return present && key.equals(other);
  }

  /** The next total's key. */
  Text key() {
    return key;
  }

  /** Adds the next total, aged, to {@code sum}. */
  void addTo(StateSum sum) {
    sum.add(total, 1, factor);
  }

  /** Moves on to the total after it. */
  void advance() throws IOException {
    present = reader.next(key, total);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
