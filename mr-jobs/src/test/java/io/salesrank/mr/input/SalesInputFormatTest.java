package io.salesrank.mr.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import io.salesrank.mr.SalesRankConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packing hourly files into splits, on the local filesystem. */
class SalesInputFormatTest {

  @TempDir
  Path dir;

  private Job job(int slots, Path... inputs) throws IOException {
    Configuration conf = new Configuration();
    conf.setInt(SalesRankConfig.LOCAL_MAPS, slots);
    Job job = Job.getInstance(conf);
    List<org.apache.hadoop.fs.Path> paths = new ArrayList<>();
    for (Path p : inputs) {
      paths.add(new org.apache.hadoop.fs.Path(p.toUri()));
    }
    FileInputFormat.setInputPaths(job, paths.toArray(new org.apache.hadoop.fs.Path[0]));
    return job;
  }

  private Path hour(String name, int files, int linesEach) throws IOException {
    Path h = Files.createDirectories(dir.resolve(name));
    for (int f = 0; f < files; f++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < linesEach; i++) {
        text.append(name).append(" file ").append(f).append(" line ").append(i).append('\n');
      }
      Files.writeString(h.resolve("sales-" + f + ".tsv"), text);
    }
    Files.createFile(h.resolve("_SUCCESS"));
    Files.writeString(h.resolve(".sales-0.tsv.crc.tmp"), "hidden\n");
    return h;
  }

  /** Every line of every split, found in its block: "file-name offset text". */
  private static List<String> read(Job job, List<InputSplit> splits) throws Exception {
    List<String> lines = new ArrayList<>();
    SalesInputFormat format = new SalesInputFormat();
    for (InputSplit split : splits) {
      TaskAttemptContextImpl context = new TaskAttemptContextImpl(job.getConfiguration(), new TaskAttemptID());
      try (RecordReader<FileOffset, LineBlock> reader = format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          LineBlock block = reader.getCurrentValue();
          block.forEachLine((bytes, from, to) -> lines.add(block.file().getName() + " " + block.offset(from) + " "
              + new String(bytes, from, to - from, StandardCharsets.UTF_8)));
        }
      }
    }
    return lines;
  }

  @Test
  void packsTheFilesOfManyHoursIntoOneSplitPerMapThreadAndKeysEachLineByItsFile() throws Exception {
    Path a = hour("13", 3, 100);
    Path b = hour("14", 2, 100);
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(b.resolve("report.csv.gz")))) {
      gz.write("14 gz line 0\n14 gz line 1\n".getBytes(StandardCharsets.US_ASCII));
    }
    Job job = job(2, a, b);

    List<InputSplit> splits = new SalesInputFormat().getSplits(job);

    assertThat(splits).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(CombineFileSplit.class));
    int files = splits.stream().mapToInt(s -> ((CombineFileSplit) s).getNumPaths()).sum();
    assertThat(files).isEqualTo(6);  // no _SUCCESS, no hidden file
    List<String> lines = read(job, splits);
    assertThat(lines).hasSize(5 * 100 + 2)
        .contains("sales-0.tsv 0 13 file 0 line 0", "report.csv.gz 0 14 gz line 0")
        .noneMatch(l -> l.contains("hidden"));
    // Offsets are each file's own: the second line of every file starts where its first ended.
    assertThat(lines).contains("sales-2.tsv 17 13 file 2 line 1", "sales-1.tsv 17 14 file 1 line 1");
  }

  @Test
  void anExplicitSplitSizeWins() throws Exception {
    Path a = hour("13", 4, 1_000);
    Job job = job(2, a);
    job.getConfiguration().setLong(FileInputFormat.SPLIT_MAXSIZE, Files.size(a.resolve("sales-0.tsv")));
    assertThat(new SalesInputFormat().getSplits(job)).hasSize(4);
  }

  @Test
  void refusesADirectoryInsideAnHour() throws Exception {
    Path a = hour("13", 1, 1);
    Files.createDirectories(a.resolve("nested"));
    assertThatThrownBy(() -> new SalesInputFormat().getSplits(job(2, a)))
        .isInstanceOf(IOException.class).hasMessageContaining("is a directory");
  }
}
