package io.salesrank.mr.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Step 1's input: the hourly files packed into few splits, each read in blocks of whole lines
 * ({@link BlockReader}: the lines {@link org.apache.hadoop.mapreduce.lib.input.TextInputFormat} would
 * read, a megabyte at a time, for the mapper to parse in place), keyed by {@link FileOffset} so the
 * mapper knows the lines' file. A week is 168 or more files of a few megabytes; one task
 * per file spends more on task setup, sorting and merging than on the lines, and sums each product
 * over one hour only. Packed, each task sums its products over many hours before anything is
 * sorted.
 *
 * <p>Split size: {@code mapreduce.input.fileinputformat.split.maxsize} when set; otherwise on the
 * local runner the input divided evenly over its map threads, and on a cluster
 * {@link #DEFAULT_CLUSTER_SPLIT_BYTES}.
 */
public class SalesInputFormat extends CombineFileInputFormat<FileOffset, LineBlock> {

  public static final long DEFAULT_CLUSTER_SPLIT_BYTES = 256L << 20;

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    if (conf.get(FileInputFormat.SPLIT_MAXSIZE) == null) {
      setMaxSplitSize(defaultSplitBytes(job));
    }
    return super.getSplits(job);
  }

  private long defaultSplitBytes(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    if (!SalesRankConfig.isLocalRunner(conf)) {
      return DEFAULT_CLUSTER_SPLIT_BYTES;
    }
    long total = 0;
    for (FileStatus f : listStatus(job)) {
      total += f.getLen();
    }
    int slots = Math.max(1, conf.getInt(SalesRankConfig.LOCAL_MAPS, 1));
    return Math.max(1, (total + slots - 1) / slots);
  }

  /**
   * The files of the input directories, as {@link FileInputFormat#listStatus} finds them (names
   * starting with {@code _} or {@code .} skipped), but without block locations copied into each
   * status: on a local filesystem without Hadoop's native library that copy reads each file's
   * permissions by running a process per file, seconds for a week of hourly files.
   */
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    for (Path dir : getInputPaths(job)) {
      FileSystem fs = dir.getFileSystem(job.getConfiguration());
      FileStatus[] listed = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
      for (FileStatus f : listed) {
        if (f.isDirectory()) {
          throw new IOException("input " + f.getPath() + " is a directory; an hour directory holds files only");
        }
        files.add(f);
      }
    }
    return files;
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    CompressionCodec codec = new CompressionCodecFactory(context.getConfiguration()).getCodec(file);
    return codec == null || codec instanceof SplittableCompressionCodec;
  }

  @Override
  public RecordReader<FileOffset, LineBlock> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, BlockReader.class);
  }
}
