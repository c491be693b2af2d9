package io.salesrank.mr.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.salesrank.mr.SalesRankConfig;
import io.salesrank.mr.TaskFailures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;

/**
 * Step 1's input: the hourly files packed into few splits, each read line by line as
 * {@link org.apache.hadoop.mapreduce.lib.input.TextInputFormat} would, keyed by {@link FileOffset}
 * so the mapper knows every line's file. A week is 168 or more files of a few megabytes; one task
 * per file spends more on task setup, sorting and merging than on the lines, and sums each product
 * over one hour only. Packed, each task sums its products over many hours before anything is
 * sorted.
 *
 * <p>Split size: {@code mapreduce.input.fileinputformat.split.maxsize} when set; otherwise on the
 * local runner the input divided evenly over its map threads, and on a cluster
 * {@link #DEFAULT_CLUSTER_SPLIT_BYTES}.
 */
public class SalesInputFormat extends CombineFileInputFormat<FileOffset, Text> {

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
    if (!MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME))) {
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
  public RecordReader<FileOffset, Text> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException {
    return new CombineFileRecordReader<>((CombineFileSplit) split, context, ChunkReader.class);
  }

  /** Reads one file chunk of a packed split, as a line reader, with the chunk's file in each key. */
  public static final class ChunkReader extends RecordReader<FileOffset, Text> {
    private final LineRecordReader lines = new LineRecordReader();
    private final FileSplit chunk;
    private final FileOffset key;
    private JobID job;

    /** The constructor {@link CombineFileRecordReader} calls for chunk {@code index}. */
    public ChunkReader(CombineFileSplit split, TaskAttemptContext context, Integer index) {
      Path file = split.getPath(index);
      this.chunk = new FileSplit(file, split.getOffset(index), split.getLength(index), null);
      this.key = new FileOffset(file, 0);
    }

    @Override
    public void initialize(InputSplit ignored, TaskAttemptContext context) throws IOException {
      job = context.getJobID();
      try {
        lines.initialize(chunk, context);
      } catch (ChecksumException e) {
        throw staleChecksum(e);
      }
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      try {
        if (!lines.nextKeyValue()) {
          return false;
        }
      } catch (ChecksumException e) {
        throw staleChecksum(e);
      }
      key.set(lines.getCurrentKey().get());
      return true;
    }

    /**
     * A file whose bytes no longer match the checksum file Hadoop wrote beside it ({@code .NAME.crc}):
     * on a local disk, almost always a log edited by hand after {@code generate} or a copy.
     */
    private IOException staleChecksum(ChecksumException e) {
      Path file = chunk.getPath();
      return TaskFailures.failure(job, "sales file " + file + " does not match its checksum file ."
          + file.getName() + ".crc (edited after it was written?): restore the file, or delete ."
          + file.getName() + ".crc if the change is meant", e);
    }

    @Override
    public FileOffset getCurrentKey() {
      return key;
    }

    @Override
    public Text getCurrentValue() {
      return lines.getCurrentValue();
    }

    @Override
    public float getProgress() throws IOException {
      return lines.getProgress();
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }
}
