package io.salesrank.mr;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.nativeio.NativeIO;

/**
 * Hadoop's local file system ({@code file:}), but setting a file's permissions with a system call.
 * Without Hadoop's native library, {@link RawLocalFileSystem#setPermission} starts a {@code chmod}
 * process for each file it creates: a rank on the local runner started over a hundred of them (the job's
 * staging files, the local runner's task directories, each output and state file), about 5 ms each, most
 * of a second of the run's fixed cost (bench/RESULTS.md). The permissions set are the same; with the
 * native library, or for what POSIX permissions cannot say (the sticky bit), Hadoop's own path is taken.
 */
public class ForkFreeLocalFileSystem extends LocalFileSystem {

  private static final String FILE_IMPL = "fs.file.impl";

  public ForkFreeLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Makes {@code file:} this file system in {@code conf}, unless {@code conf} names one already; call it
   * before the first use of the local file system, which Hadoop caches per process.
   */
  public static void preferIn(Configuration conf) {
    if (conf.get(FILE_IMPL) == null) {
      conf.setClass(FILE_IMPL, ForkFreeLocalFileSystem.class, org.apache.hadoop.fs.FileSystem.class);
    }
  }

  /** The raw local file system under the checksums. */
  static final class Raw extends RawLocalFileSystem {

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      if (NativeIO.isAvailable() || permission.getStickyBit()) {
        super.setPermission(p, permission);
        return;
      }
      File file = pathToFile(p);
      try {
        Files.setPosixFilePermissions(file.toPath(), posix(permission));
      } catch (UnsupportedOperationException e) {
        super.setPermission(p, permission);
      }
    }
  }

  static Set<PosixFilePermission> posix(FsPermission permission) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    add(set, permission.getUserAction(),
        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    add(set, permission.getGroupAction(),
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
    add(set, permission.getOtherAction(),
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    return set;
  }

  private static void add(Set<PosixFilePermission> set, FsAction action, PosixFilePermission read,
      PosixFilePermission write, PosixFilePermission execute) {
    if (action.implies(FsAction.READ)) {
      set.add(read);
    }
    if (action.implies(FsAction.WRITE)) {
      set.add(write);
    }
    if (action.implies(FsAction.EXECUTE)) {
      set.add(execute);
    }
  }
}
