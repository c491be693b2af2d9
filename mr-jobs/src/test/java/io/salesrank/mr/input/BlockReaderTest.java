package io.salesrank.mr.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlockReader} reads exactly the lines, at exactly the offsets, that Hadoop's
 * {@link LineRecordReader} reads, chunk by chunk: files of random lines ended by LF, CR and CR LF (with
 * a byte order mark, without a last terminator, lines longer than a block), cut into random chunks,
 * blocks as small as 16 bytes; and a gzip file, read whole.
 */
class BlockReaderTest {

  @TempDir
  Path dir;
  private final Configuration conf = new Configuration();

  /** A line as a reader gives it: its offset and its bytes. */
  private record Line(long offset, String text) {
  }

  private static byte[] randomFile(Random random) {
    StringBuilder s = new StringBuilder();
    if (random.nextInt(4) == 0) {
      s.append('\uFEFF');
    }
    String[] ends = {"\n", "\r", "\r\n", "\n\n", "\r\r\n"};
    int lines = random.nextInt(40);
    for (int i = 0; i < lines; i++) {
      int length = random.nextInt(10) == 0 ? 40 + random.nextInt(100) : random.nextInt(12);
      for (int c = 0; c < length; c++) {
        s.append((char) ('a' + random.nextInt(26)));
      }
      if (i < lines - 1 || random.nextBoolean()) {
        s.append(ends[random.nextInt(ends.length)]);
      }
    }
    return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private List<Line> lineReader(org.apache.hadoop.fs.Path file, long start, long length) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (LineRecordReader reader = new LineRecordReader()) {
      reader.initialize(new FileSplit(file, start, length, null), context());
      while (reader.nextKeyValue()) {
        lines.add(new Line(reader.getCurrentKey().get(), reader.getCurrentValue().toString()));
      }
    }
    return lines;
  }

  private List<Line> blockReader(org.apache.hadoop.fs.Path file, long start, long length, int blockBytes)
      throws Exception {
    List<Line> lines = new ArrayList<>();
    try (BlockReader reader = new BlockReader(file, start, length, blockBytes)) {
      reader.initialize(null, context());
      while (reader.nextKeyValue()) {
        LineBlock b = reader.getCurrentValue();
        b.forEachLine((bytes, from, to) -> lines.add(new Line(b.offset(from), new String(bytes, from, to - from,
            java.nio.charset.StandardCharsets.UTF_8))));
      }
    }
    return lines;
  }

  private TaskAttemptContext context() {
    return new TaskAttemptContextImpl(conf, new TaskAttemptID());
  }

  @Test
  void readsTheLinesTheLineReaderReadsChunkByChunk() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 400; round++) {
      byte[] bytes = randomFile(random);
      Path local = dir.resolve("f" + round + ".tsv");
      Files.write(local, bytes);
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(local.toUri());
      // Chunks: the whole file, or cut at random points.
      List<Long> cuts = new ArrayList<>(List.of(0L, (long) bytes.length));
      int pieces = random.nextInt(4);
      for (int i = 0; i < pieces && bytes.length > 1; i++) {
        cuts.add(1L + random.nextInt(bytes.length - 1));
      }
      long[] points = cuts.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
      List<Line> expected = new ArrayList<>();
      List<Line> actual = new ArrayList<>();
      int blockBytes = 16 << random.nextInt(4);
      for (int i = 0; i + 1 < points.length; i++) {
        List<Line> want = lineReader(file, points[i], points[i + 1] - points[i]);
        List<Line> got = blockReader(file, points[i], points[i + 1] - points[i], blockBytes);
        assertThat(got).as("round %d, chunk %d of %s, blocks of %d", round, i, Arrays.toString(points), blockBytes)
            .isEqualTo(want);
        expected.addAll(want);
        actual.addAll(got);
      }
      assertThat(actual).isEqualTo(expected);
      // Every line once, over all chunks: the whole file read as one chunk gives the same.
      assertThat(actual).isEqualTo(lineReader(file, 0, bytes.length));
    }
  }

  @Test
  void readsACompressedFileWholeInDecompressedOffsets() throws Exception {
    Random random = new Random(7);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      s.append("2026-11-22T13:00:00Z,p").append(random.nextInt(1000)).append(",c1,1,9.99,cust\r\n");
    }
    Path local = dir.resolve("SalesReport-2026112213.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(local))) {
      out.write(s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(local.toUri());
    long length = Files.size(local);
    List<Line> got = blockReader(file, 0, length, 4096);
    assertThat(got).hasSize(5000).isEqualTo(lineReader(file, 0, length));
  }
}
