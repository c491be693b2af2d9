package io.salesrank.mr.input;

import java.io.IOException;
import java.io.InputStream;

import io.salesrank.mr.TaskFailures;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;

/**
 * Reads one file chunk of a packed split as blocks of whole lines ({@link LineBlock}), about
 * {@link #BLOCK_BYTES} each, in a buffer it reuses: one record per block instead of one per line.
 * It reads the lines Hadoop's {@code LineRecordReader} reads: a chunk that starts inside a file skips
 * to the first line starting after its first byte, and reads every line that starts at or before its
 * end, the last one to its end whatever the chunk's; lines end at LF, CR or CR LF; a compressed file
 * is read whole; a UTF-8 byte order mark at a file's start is skipped.
 */
public final class BlockReader extends RecordReader<FileOffset, LineBlock> {

  public static final int BLOCK_BYTES = 1 << 20;
  /**
   * The buffer of the chunk read before, given back on close: a task's chunks (a week's split holds 84
   * files or more) are read one after another by its thread, and a new megabyte each was a third of
   * the garbage a map task of step 1 made, each collection copying the task's in-task tables.
   */
  private static final ThreadLocal<byte[]> SPARE = new ThreadLocal<>();

  private final Path file;
  private final long chunkStart;
  private final long chunkLength;
  private final FileOffset key;
  private final LineBlock block = new LineBlock();
  private JobID job;
  private InputStream in;
  private FSDataInputStream raw;
  private Decompressor decompressor;
  /** The chunk's last byte at which a line may start: lines starting after it are the next chunk's. */
  private long lastLineStart;
  private byte[] buf;
  private int bufLen;
  private int pos;
  /** The file offset of {@code buf[0]}. */
  private long bufOffset;
  private boolean eof;
  private boolean done;
  private int bomEnd = -1;

  /** The constructor {@link org.apache.hadoop.mapreduce.lib.input.CombineFileRecordReader} calls for chunk {@code index}. */
  public BlockReader(CombineFileSplit split, TaskAttemptContext context, Integer index) {
    this(split.getPath(index), split.getOffset(index), split.getLength(index), BLOCK_BYTES);
  }

  BlockReader(Path file, long start, long length, int blockBytes) {
    this.file = file;
    this.chunkStart = start;
    this.chunkLength = length;
    this.key = new FileOffset(file, start);
    int size = Math.max(16, blockBytes);
    byte[] spare = SPARE.get();
    if (spare != null && spare.length == size) {
      SPARE.remove();
      this.buf = spare;
    } else {
      this.buf = new byte[size];
    }
  }

  @Override
  public void initialize(InputSplit ignored, TaskAttemptContext context) throws IOException {
    job = context.getJobID();
    open(context.getConfiguration());
  }

  void open(Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    try {
      raw = fs.open(file);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
      if (codec != null) {
        // Not splittable (SalesInputFormat keeps such files whole): the whole decompressed stream.
        decompressor = CodecPool.getDecompressor(codec);
        in = codec.createInputStream(raw, decompressor);
        lastLineStart = Long.MAX_VALUE;
      } else {
        raw.seek(chunkStart);
        in = raw;
        lastLineStart = chunkStart + chunkLength;
      }
      bufOffset = codec != null ? 0 : chunkStart;
      fill();
      if (bufOffset == 0 && bufLen >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
        pos = 3;
        bomEnd = 3;
      }
      if (codec == null && chunkStart != 0) {
        skipFirstLine();
      }
    } catch (ChecksumException e) {
      throw staleChecksum(e);
    }
  }

  /** Moves past the end of the first line that ends at or after the chunk's first byte: it is the chunk's before. */
  private void skipFirstLine() throws IOException {
    while (true) {
      int end = terminatorEnd(pos);
      if (end >= 0) {
        pos = end;
        return;
      }
      if (eof) {
        pos = bufLen;
        return;
      }
      pos = Math.max(pos, bufLen - 1);  // keep a trailing CR: an LF may follow it
      compactAndFill();
    }
  }

  /**
   * The index just past the first whole line terminator at or after {@code from}, or -1 when the
   * buffer holds none yet (a CR at its very end is whole only at the end of the file).
   */
  private int terminatorEnd(int from) {
    byte[] b = buf;
    int i = ByteScan.lineEnd(b, from, bufLen);
    if (i == bufLen) {
      return -1;
    }
    if (b[i] == '\n') {
      return i + 1;
    }
    if (i + 1 < bufLen) {
      return b[i + 1] == '\n' ? i + 2 : i + 1;
    }
    return eof ? i + 1 : -1;
  }

  /** The index just past the last whole line terminator in {@code [from, bufLen)}, or -1 when there is none. */
  private int lastTerminatorEnd(int from) {
    byte[] b = buf;
    for (int i = bufLen - 1; i >= from; i--) {
      byte c = b[i];
      if (c == '\n') {
        return i + 1;
      }
      if (c == '\r') {
        if (i + 1 < bufLen) {
          return i + 1;  // followed by something other than LF, or it would have been found first
        }
        if (eof) {
          return i + 1;
        }
        // A CR at the very end: an LF may follow; the line ends at the terminator before it, if any.
      }
    }
    return -1;
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    try {
      while (!done) {
        if (pos >= bufLen) {
          if (eof) {
            done = true;
            break;
          }
          compactAndFill();
          continue;
        }
        long lineStart = pos == bomEnd ? 0 : bufOffset + pos;  // a file's first line starts at 0, its mark with it
        if (lineStart > lastLineStart) {
          done = true;
          break;
        }
        int cut;
        long lastIndex = lastLineStart - bufOffset;
        if (lastIndex < bufLen) {
          // The chunk's end is in the buffer: up to the end of the line that holds it (or starts there).
          cut = terminatorEnd((int) Math.max(pos, lastIndex));
          if (cut >= 0) {
            done = true;
          }
        } else {
          cut = lastTerminatorEnd(pos);
        }
        if (cut < 0) {
          if (eof) {
            cut = bufLen;  // the file's last line, without a terminator
            done = true;
          } else {
            compactAndFill();  // a line longer than what the buffer holds yet
            continue;
          }
        }
        block.set(file, buf, pos, cut, bufOffset, bomEnd);
        key.set(bufOffset + pos);
        pos = cut;
        return true;
      }
      return false;
    } catch (ChecksumException e) {
      throw staleChecksum(e);
    }
  }

  /** Moves the unread bytes to the buffer's start (growing it when they fill it) and reads more after them. */
  private void compactAndFill() throws IOException {
    int unread = bufLen - pos;
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, unread);
      bufOffset += pos;
      // The first line of a file with a byte order mark keeps its offset 0 while it moves.
      bomEnd = bomEnd >= pos ? bomEnd - pos : -1;
      pos = 0;
      bufLen = unread;
    } else if (bufLen == buf.length) {
      buf = java.util.Arrays.copyOf(buf, buf.length * 2);
    }
    fill();
  }

  /** Reads until the buffer is full or the stream ends. */
  private void fill() throws IOException {
    while (bufLen < buf.length) {
      int n = in.read(buf, bufLen, buf.length - bufLen);
      if (n < 0) {
        eof = true;
        return;
      }
      bufLen += n;
    }
  }

  private IOException staleChecksum(ChecksumException e) {
    return TaskFailures.failure(job, "sales file " + file + " does not match its checksum file ."
        + file.getName() + ".crc (edited after it was written?): restore the file, or delete ."
        + file.getName() + ".crc if the change is meant", e);
  }

  @Override
  public FileOffset getCurrentKey() {
    return key;
  }

  @Override
  public LineBlock getCurrentValue() {
    return block;
  }

  @Override
  public float getProgress() throws IOException {
    if (done) {
      return 1f;
    }
    long read = raw == null ? 0 : raw.getPos() - chunkStart;
    return chunkLength <= 0 ? 0f : Math.min(1f, read / (float) chunkLength);
  }

  @Override
  public void close() throws IOException {
    try {
      if (in != null) {
        in.close();
      }
    } finally {
      if (decompressor != null) {
        CodecPool.returnDecompressor(decompressor);
        decompressor = null;
      }
      // The last block handed out is not read again: the next reader is made after this one is closed.
      if (buf != null) {
        SPARE.set(buf);  // taken only by a reader of blocks this size: not one grown for a long line
      }
      buf = null;
    }
  }
}
