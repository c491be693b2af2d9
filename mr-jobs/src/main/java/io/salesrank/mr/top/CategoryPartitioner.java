package io.salesrank.mr.top;

import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/** Sends every row of a category to the same reducer of step 2. */
public class CategoryPartitioner extends Partitioner<RankKey, LongWritable> {

  @Override
  public int getPartition(RankKey key, LongWritable units, int partitions) {
    Text category = key.category();
    return (WritableComparator.hashBytes(category.getBytes(), category.getLength()) & Integer.MAX_VALUE)
        % partitions;
  }
}
