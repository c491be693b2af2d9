package io.salesrank.mr.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A run of whole lines of one file, as {@link SalesInputFormat} hands them to a mapper: bytes
 * {@code [start, end)} of a buffer the reader reuses, the first of them at {@code offset(start)} in the
 * file (the decompressed stream for a compressed file). A mapper takes the lines in place
 * ({@link #forEachLine}): a line ends at LF, CR or CR LF, as Hadoop's
 * {@code LineReader} ends them, and the block ends after a whole line. Writable only so that a test
 * harness may copy one; a job never writes it.
 */
public final class LineBlock implements Writable {

  private byte[] bytes;
  private int start;
  private int end;
  private long bufferOffset;
  private Path file;
  private int bomEnd;

  void set(Path file, byte[] bytes, int start, int end, long bufferOffset, int bomEnd) {
    this.file = file;
    this.bytes = bytes;
    this.start = start;
    this.end = end;
    this.bufferOffset = bufferOffset;
    this.bomEnd = bomEnd;
  }

  /** A block of the whole of {@code bytes}, lines of {@code file} from {@code offset} on. */
  public static LineBlock of(Path file, long offset, byte[] bytes) {
    LineBlock block = new LineBlock();
    block.set(file, bytes, 0, bytes.length, offset, -1);
    return block;
  }

  /** The file the lines are from; one object per file chunk, so a change shows by reference. */
  public Path file() {
    return file;
  }

  /**
   * The offset in the file of the line starting at {@code index}: 0 for the first line of a file that
   * begins with a UTF-8 byte order mark (skipped, as Hadoop's line reader skips it).
   */
  public long offset(int index) {
    return index == bomEnd ? 0 : bufferOffset + index;
  }

  /** Receives one line, {@code bytes[from, to)}, without its terminator. */
  @FunctionalInterface
  public interface LineVisitor {
    void line(byte[] bytes, int from, int to) throws IOException, InterruptedException;
  }

  /** Hands {@code visitor} each line of the block in turn, where it lies. */
  public void forEachLine(LineVisitor visitor) throws IOException, InterruptedException {
    int line = start;
    while (line < end) {
      int lineEnd = lineEnd(line);
      visitor.line(bytes, line, lineEnd);
      if (lineEnd == end) {
        return;
      }
      line = nextLine(lineEnd);
    }
  }

  /** The end of the line starting at {@code from}: its first CR or LF, or the block's end. */
  private int lineEnd(int from) {
    return ByteScan.lineEnd(bytes, from, end);
  }

  /** Where the line after the one ending at {@code lineEnd} starts: past its LF, CR or CR LF. */
  private int nextLine(int lineEnd) {
    return lineEnd + 1 < end && bytes[lineEnd] == '\r' && bytes[lineEnd + 1] == '\n' ? lineEnd + 2 : lineEnd + 1;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, file.toString());
    out.writeLong(bufferOffset + start);
    WritableUtils.writeVInt(out, bomEnd < 0 ? -1 : bomEnd - start);
    WritableUtils.writeVInt(out, end - start);
    out.write(bytes, start, end - start);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    file = new Path(Text.readString(in));
    bufferOffset = in.readLong();
    bomEnd = WritableUtils.readVInt(in);
    int length = WritableUtils.readVInt(in);
    bytes = new byte[length];
    in.readFully(bytes);
    start = 0;
    end = length;
  }
}
