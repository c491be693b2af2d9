package io.salesrank.mr;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * What a command does when it is interrupted (Ctrl-C, or a TERM from a scheduler): the job under way
 * is killed, the temporary directories it registered are removed, and one line says what was
 * interrupted and what it leaves. Nothing partial was ever visible: a ranking directory appears by one
 * rename, a state version commits by one rename, a publish is two transactions.
 */
public final class Interruption {

  private static final Map<Path, FileSystem> WORK = new ConcurrentHashMap<>();
  private static final Set<Job> JOBS = ConcurrentHashMap.newKeySet();
  /** How long the hook waits for the command to wind down (its own clean-up) before it tells. */
  private static final long WIND_DOWN_SECONDS = 10;

  private static volatile String command;
  private static volatile String leaves;
  private static volatile boolean interrupted;
  private static volatile CountDownLatch running = new CountDownLatch(0);
  private static boolean hooked;

  private Interruption() {
  }

  /** From now until {@link #disarm}, an interruption of {@code name} (e.g. "salesrank rank") is told. */
  public static synchronized void arm(String name) {
    command = name;
    leaves = "it stopped before it finished";
    interrupted = false;
    running = new CountDownLatch(1);
    if (!hooked) {
      Runtime.getRuntime().addShutdownHook(new Thread(Interruption::interrupted, "salesrank-interrupted"));
      hooked = true;
    }
  }

  /** What an interruption now leaves, e.g. "nothing was published and the state is as it was". */
  public static void leaves(String what) {
    leaves = what;
  }

  /** The command ended: an exit from here on is not an interruption. */
  public static void disarm() {
    command = null;
    WORK.clear();
    JOBS.clear();
    running.countDown();
  }

  /** True once an interruption began: the failure it causes is not the command's to tell. */
  public static boolean happened() {
    return interrupted;
  }

  /** {@code dir} is temporary work: removed if the command is interrupted. */
  public static void removeOnInterrupt(FileSystem fs, Path dir) {
    WORK.put(dir, fs);
  }

  /** {@code dir} is finished with (removed, or kept on purpose). */
  public static void forget(Path dir) {
    WORK.remove(dir);
  }

  /** {@code job} runs: killed if the command is interrupted. */
  public static void watch(Job job) {
    JOBS.add(job);
  }

  public static void unwatch(Job job) {
    JOBS.remove(job);
  }

  private static void interrupted() {
    String name = command;
    if (name == null) {
      return;
    }
    interrupted = true;
    Map<Path, FileSystem> work = Map.copyOf(WORK);
    String what = leaves;
    for (Job job : JOBS) {
      try {
        job.killJob();
      } catch (IOException | RuntimeException e) {
        // The JVM is going away; the job's tasks end with it.
      }
    }
    // The command's thread sees its job end and cleans up after itself; its line comes last.
    try {
      running.await(WIND_DOWN_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean removed = true;
    for (Map.Entry<Path, FileSystem> dir : work.entrySet()) {
      try {
        dir.getValue().delete(dir.getKey(), true);
      } catch (IOException | RuntimeException e) {
        removed = false;
      }
    }
    System.err.println(name + ": interrupted: " + what
        + (work.isEmpty() ? "" : removed ? "; its temporary files are removed" : "; some temporary files remain"));
    System.err.flush();
  }
}
