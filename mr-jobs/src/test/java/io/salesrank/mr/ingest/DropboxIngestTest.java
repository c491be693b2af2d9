package io.salesrank.mr.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropboxIngestTest {

  private static final String CSV = "timestamp,product_id,category_id,qty,total_price,customer_id\n"
      + "2026-11-22T13:05:09Z,p1,c1,2,9.99,cust-1\n";

  @TempDir
  Path dir;

  private DropboxIngest.Report ingest() throws IOException {
    return DropboxIngest.ingest(new Configuration(), new org.apache.hadoop.fs.Path(dir.resolve("dropbox").toUri()),
        new org.apache.hadoop.fs.Path(dir.resolve("logs").toUri()),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private Path drop(String name, byte[] content) throws IOException {
    Path file = dir.resolve("dropbox").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void placesReportsInTheirHourAndClosesIt() throws IOException {
    drop("SalesReport-2026112213.csv", CSV.getBytes(StandardCharsets.UTF_8));
    drop("SalesReport-2026112214.csv.gz", gzip(CSV));

    DropboxIngest.Report report = ingest();

    assertThat(report.placed()).isEqualTo(2);
    assertThat(dir.resolve("logs/2026/11/22/13/SalesReport-2026112213.csv")).hasContent(CSV.strip());
    assertThat(dir.resolve("logs/2026/11/22/13/_SUCCESS")).exists();
    assertThat(dir.resolve("logs/2026/11/22/14/SalesReport-2026112214.csv.gz")).exists();
    assertThat(dir.resolve("logs/2026/11/22/14/_SUCCESS")).exists();
    assertThat(dir.resolve("dropbox")).isEmptyDirectory();
    try (var files = Files.walk(dir.resolve("logs"))) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".ingest"));
    }
  }

  @Test
  void runningTwiceDoesNothingNewAndARedeliveredCopyIsTakenAsDone() throws IOException {
    drop("SalesReport-2026112213.csv", CSV.getBytes(StandardCharsets.UTF_8));
    ingest();
    DropboxIngest.Report again = ingest();
    assertThat(again.placed()).isZero();
    assertThat(again.failed()).isEmpty();

    drop("SalesReport-2026112213.csv", CSV.getBytes(StandardCharsets.UTF_8));
    DropboxIngest.Report redelivered = ingest();
    assertThat(redelivered.alreadyInPlace()).isEqualTo(1);
    assertThat(dir.resolve("dropbox")).isEmptyDirectory();

    drop("SalesReport-2026112213.csv", (CSV + "2026-11-22T13:06:00Z,p2,c1,1,1.00,cust-2\n").getBytes(StandardCharsets.UTF_8));
    DropboxIngest.Report conflicting = ingest();
    assertThat(conflicting.failed()).singleElement().asString().contains("a different file of that name");
    assertThat(dir.resolve("dropbox/SalesReport-2026112213.csv")).exists();
  }

  @Test
  void leavesStrangersAndRefusesTruncatedReports() throws IOException {
    drop("notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8));
    drop("SalesReport-2026133099.csv", CSV.getBytes(StandardCharsets.UTF_8));
    drop(".SalesReport-2026112215.csv.part", CSV.getBytes(StandardCharsets.UTF_8));
    byte[] gz = gzip(CSV.repeat(50));
    drop("SalesReport-2026112216.csv.gz", Arrays.copyOf(gz, gz.length / 2));
    drop("SalesReport-2026112217.csv", CSV.substring(0, CSV.length() - 9).getBytes(StandardCharsets.UTF_8));

    DropboxIngest.Report report = ingest();

    assertThat(report.placed()).isZero();
    assertThat(report.unrecognised()).containsExactlyInAnyOrder("notes.txt", "SalesReport-2026133099.csv");
    assertThat(report.failed()).hasSize(2).anySatisfy(f -> assertThat(f).startsWith("SalesReport-2026112216.csv.gz: truncated or corrupt gzip"))
        .anySatisfy(f -> assertThat(f).startsWith("SalesReport-2026112217.csv: truncated"));
    assertThat(dir.resolve("logs/2026/11/22/16/_SUCCESS")).doesNotExist();
    assertThat(dir.resolve("logs/2026/11/22/16/SalesReport-2026112216.csv.gz")).doesNotExist();
    assertThat(dir.resolve("logs/2026/11/22/17/SalesReport-2026112217.csv")).doesNotExist();
    try (var left = Files.list(dir.resolve("dropbox"))) {
      assertThat(left).hasSize(5);
    }
  }
}
