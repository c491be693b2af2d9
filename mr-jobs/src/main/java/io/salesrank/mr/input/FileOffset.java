package io.salesrank.mr.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;

/**
 * A line's offset in its file, and the file: the key {@link SalesInputFormat} gives step 1's mapper,
 * whose split holds many files. The path is one object per file chunk, so a mapper can tell that
 * the file changed by reference.
 */
public final class FileOffset extends LongWritable {

  private Path file;

  public FileOffset() {
  }

  public FileOffset(Path file, long offset) {
    super(offset);
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    Text.writeString(out, file == null ? "" : file.toString());
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    String path = Text.readString(in);
    file = path.isEmpty() ? null : new Path(path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileOffset other && super.equals(other) && java.util.Objects.equals(file, other.file);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + java.util.Objects.hashCode(file);
  }

  @Override
  public String toString() {
    return file + ":" + get();
  }
}
