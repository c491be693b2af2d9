package io.salesrank.mr;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
  private static volatile String command;
  private static volatile String leaves;
  private static boolean hooked;

  private Interruption() {
  }

  /** From now until {@link #disarm}, an interruption of {@code name} (e.g. "salesrank rank") is told. */
  public static synchronized void arm(String name) {
    command = name;
    leaves = "it stopped before it finished";
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
    for (Job job : JOBS) {
      try {
        job.killJob();
      } catch (IOException | RuntimeException e) {
        // The JVM is going away; the job's tasks end with it.
      }
    }
    boolean removed = true;
    for (Map.Entry<Path, FileSystem> work : WORK.entrySet()) {
      try {
        work.getValue().delete(work.getKey(), true);
      } catch (IOException | RuntimeException e) {
        removed = false;
      }
    }
    System.err.println(name + ": interrupted: " + leaves
        + (WORK.isEmpty() ? "" : removed ? "; its temporary files are removed" : "; some temporary files remain"));
    System.err.flush();
  }
}
