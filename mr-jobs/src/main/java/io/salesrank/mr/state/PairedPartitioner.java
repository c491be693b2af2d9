package io.salesrank.mr.state;

import io.salesrank.mr.sum.SumKeys;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * A trend state's partitioner: a paired key's two spans ({@link SumKeys#setPaired}) go to the same
 * reducer, which sees them side by side and ranks their difference. Every run of a state uses the
 * same partitioner and reducer count, so each reducer still merges the totals its partition wrote.
 */
public final class PairedPartitioner extends Partitioner<Text, Writable> {

  @Override
  public int getPartition(Text key, Writable value, int partitions) {
    int length = SumKeys.withoutSpanMark(key.getBytes(), key.getLength());
    return (WritableComparator.hashBytes(key.getBytes(), length) & Integer.MAX_VALUE) % partitions;
  }
}
