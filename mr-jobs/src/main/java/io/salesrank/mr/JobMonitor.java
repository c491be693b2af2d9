package io.salesrank.mr;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.util.Locale;

import io.salesrank.shared.Messages;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;

/** Submits a job and reports its progress, one line per change, until it ends. */
public final class JobMonitor {

  /** At most one progress line this often. */
  private static final long REPORT_NANOS = 2_000_000_000L;

  private final PrintStream progress;

  public JobMonitor(PrintStream progress) {
    this.progress = progress;
  }

  /** Runs {@code job}; throws {@link JobFailedException} naming the step if it fails. */
  public void run(Job job, String step) throws IOException, InterruptedException {
    run(job, step, 0);
  }

  /**
   * Runs {@code job}, which reads {@code inputBytes} of sales logs (0: not a step that reads them);
   * throws {@link JobFailedException} naming the step if it fails.
   */
  public void run(Job job, String step, long inputBytes) throws IOException, InterruptedException {
    try {
      job.submit();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot load a class of " + step, e);
    }
    Interruption.watch(job);
    try {
      follow(job, step, inputBytes);
    } finally {
      Interruption.unwatch(job);
    }
  }

  private void follow(Job job, String step, long inputBytes) throws IOException, InterruptedException {
    progress.printf("%s: started %s%n", step, job.getJobID());
    long started = System.nanoTime();
    boolean local = SalesRankConfig.isLocalRunner(job.getConfiguration());
    // The local runner answers from memory: whether the job ended is asked every 10 ms (a run of a few
    // seconds is two or three jobs, each noticed that much sooner), its progress and counters every
    // 100 ms at most. A cluster's ApplicationMaster is asked once a second.
    long pollMillis = local ? 10 : job.getConfiguration().getLong(Job.PROGRESS_MONITOR_POLL_INTERVAL_KEY, 1000);
    long queryNanos = local ? 100_000_000L : pollMillis * 1_000_000L;
    long lastQuery = started - queryNanos;
    // The first line as soon as the job runs, then one every REPORT_NANOS at most, and only when something
    // moved. The local runner's progress can dip between tasks: report the best seen, so it only goes up.
    int map = 0;
    int reduce = 0;
    long lines = 0;
    long bytes = 0;
    long lastReport = started - REPORT_NANOS;
    String last = "";
    while (!job.isComplete()) {
      if (Interruption.happened()) {
        throw new InterruptedIOException(step + " interrupted");
      }
      long now = System.nanoTime();
      if (now - lastReport < REPORT_NANOS || now - lastQuery < queryNanos) {
        Thread.sleep(pollMillis);
        continue;
      }
      lastQuery = now;
      map = Math.max(map, Math.round(job.mapProgress() * 100));
      reduce = Math.max(reduce, Math.round(job.reduceProgress() * 100));
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "map %3d%% reduce %3d%%", map, reduce));
      if (inputBytes > 0) {
        Counters counters = job.getCounters();
        if (counters != null) {
          lines = Math.max(lines, counters.findCounter(SalesRankCounters.LINES_READ).getValue());
          bytes = Math.max(bytes, counters.findCounter(FileInputFormatCounter.BYTES_READ).getValue());
        }
        // The local runner counts only finished tasks; its map progress is the share of bytes read.
        bytes = Math.max(bytes, Math.round(job.mapProgress() * inputBytes));
        line.append(", ").append(reading(lines, bytes, inputBytes, now - started));
      }
      if (!line.toString().equals(last)) {
        progress.printf("%s: %s%n", step, line);
        last = line.toString();
        lastReport = now;
      }
      Thread.sleep(pollMillis);
    }
    if (!job.isSuccessful()) {
      String reason = taskReason(job, local);
      if (reason != null) {
        throw new JobFailedException(step + " failed: " + reason);
      }
      String info = job.getStatus().getFailureInfo();
      throw new JobFailedException(step + " failed (" + job.getJobID() + ")"
          + (info == null || info.isBlank() || info.equals("NA") ? "" : ": " + Messages.firstLine(info))
          + (local ? "; set SALESRANK_DEBUG=1 and run again for the task's stack trace" : "; see the job's task logs"));
    }
    long nanos = System.nanoTime() - started;
    Counters counters = inputBytes > 0 ? job.getCounters() : null;
    if (counters != null) {
      long total = counters.findCounter(SalesRankCounters.LINES_READ).getValue();
      progress.printf(Locale.ROOT, "%s: done, %,d lines (%s) in %.1f s%n", step, total, megabytes(inputBytes), nanos / 1e9);
    } else {
      progress.printf(Locale.ROOT, "%s: done in %.1f s%n", step, nanos / 1e9);
    }
  }

  /**
   * "1,234,567 lines (45.6 of 120.0 MB) read, 610,000 lines/s, about 12 s left", or without the lines
   * where they are not counted yet (the local runner counts a task's when it ends):
   * "45.6 of 120.0 MB read, 22.8 MB/s, about 4 s left".
   */
  static String reading(long lines, long bytes, long inputBytes, long nanos) {
    double seconds = nanos / 1e9;
    StringBuilder s = new StringBuilder();
    if (lines > 0) {
      s.append(String.format(Locale.ROOT, "%,d lines (%s of %s) read", lines, megabytesOnly(bytes),
          megabytes(inputBytes)));
      if (seconds > 0) {
        s.append(String.format(Locale.ROOT, ", %,d lines/s", Math.round(lines / seconds)));
      }
    } else {
      s.append(megabytesOnly(bytes)).append(" of ").append(megabytes(inputBytes)).append(" read");
      if (bytes > 0 && seconds > 0) {
        s.append(", ").append(megabytes(Math.round(bytes / seconds))).append("/s");
      }
    }
    long left = bytes > 0 && seconds > 0 ? Math.round((inputBytes - bytes) * seconds / bytes) : 0;
    if (left > 0) {
      s.append(", about ").append(left < 60 ? left + " s" : (left + 30) / 60 + " min").append(" left");
    }
    return s.toString();
  }

  private static String megabytes(long bytes) {
    return megabytesOnly(bytes) + " MB";
  }

  private static String megabytesOnly(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }

  /** A failed task's own one-line reason ({@link TaskFailures}), or null when none said one. */
  private static String taskReason(Job job, boolean local) throws IOException, InterruptedException {
    String reason = TaskFailures.take(job.getJobID());
    if (reason != null || local) {
      return reason;
    }
    for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 100)) {
      if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
        for (String diagnostics : job.getTaskDiagnostics(event.getTaskAttemptId())) {
          String said = TaskFailures.fromDiagnostics(diagnostics);
          if (said != null) {
            return said;
          }
        }
      }
    }
    return null;
  }
}
