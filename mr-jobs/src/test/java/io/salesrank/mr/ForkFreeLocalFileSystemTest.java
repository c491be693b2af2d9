package io.salesrank.mr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForkFreeLocalFileSystemTest {

  @TempDir
  File dir;

  private static FileSystem fileSystem() throws Exception {
    Configuration conf = new Configuration();
    ForkFreeLocalFileSystem.preferIn(conf);
    // A fresh instance: the process's cached file: system may be Hadoop's own.
    return FileSystem.newInstance(new Path("file:///").toUri(), conf);
  }

  @Test
  void setsThePermissionsHadoopsChmodWould() throws Exception {
    try (FileSystem fs = fileSystem()) {
      assertThat(fs).isInstanceOf(ForkFreeLocalFileSystem.class);
      Path file = new Path(dir.toURI().toString(), "part");
      try (FSDataOutputStream out = fs.create(file)) {
        out.writeBytes("x");
      }
      for (String mode : new String[] {"644", "755", "700", "600", "640", "444", "000", "777", "751"}) {
        FsPermission permission = new FsPermission(mode);
        fs.setPermission(file, permission);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(new File(dir, "part").toPath())))
            .as(mode).isEqualTo(permission.toString());
        assertThat(fs.getFileStatus(file).getPermission()).as(mode).isEqualTo(permission);
      }
    }
  }

  @Test
  void makesDirectoriesWithTheModeAskedAndLeavesTheStickyBitToHadoop() throws Exception {
    try (FileSystem fs = fileSystem()) {
      Path made = new Path(dir.toURI().toString(), "a/b");
      assertThat(fs.mkdirs(made, new FsPermission("700"))).isTrue();
      assertThat(fs.getFileStatus(made).getPermission()).isEqualTo(new FsPermission("700"));
      fs.setPermission(made, new FsPermission("1777"));
      assertThat(fs.getFileStatus(made).getPermission().getStickyBit()).isTrue();
    }
  }

  @Test
  void aFileSystemNamedAlreadyIsKept() {
    Configuration conf = new Configuration();
    conf.setClass("fs.file.impl", LocalFileSystem.class, FileSystem.class);
    ForkFreeLocalFileSystem.preferIn(conf);
    assertThat(conf.getClass("fs.file.impl", null)).isEqualTo(LocalFileSystem.class);
  }
}
