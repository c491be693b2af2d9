package io.salesrank.mr;

import java.io.IOException;
import java.io.PrintStream;

import io.salesrank.shared.Messages;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;

/** Submits a job and reports its progress, one line per change, until it ends. */
public final class JobMonitor {

  private final PrintStream progress;

  public JobMonitor(PrintStream progress) {
    this.progress = progress;
  }

  /** Runs {@code job}; throws {@link JobFailedException} naming the step if it fails. */
  public void run(Job job, String step) throws IOException, InterruptedException {
    try {
      job.submit();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot load a class of " + step, e);
    }
    Interruption.watch(job);
    try {
      follow(job, step);
    } finally {
      Interruption.unwatch(job);
    }
  }

  private void follow(Job job, String step) throws IOException, InterruptedException {
    progress.printf("%s: started %s%n", step, job.getJobID());
    boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(
        job.getConfiguration().get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    // The local runner answers from memory; a cluster's ApplicationMaster is asked once a second.
    long pollMillis = local ? 100 : job.getConfiguration().getLong(Job.PROGRESS_MONITOR_POLL_INTERVAL_KEY, 1000);
    // The local runner's progress can dip between tasks: report the best seen, at most once a
    // second, so the lines only ever go up.
    int map = 0;
    int reduce = 0;
    long lastReport = 0;
    String last = "";
    while (!job.isComplete()) {
      map = Math.max(map, Math.round(job.mapProgress() * 100));
      reduce = Math.max(reduce, Math.round(job.reduceProgress() * 100));
      String now = String.format("map %3d%% reduce %3d%%", map, reduce);
      long time = System.nanoTime();
      if (!now.equals(last) && time - lastReport >= 1_000_000_000L) {
        progress.printf("%s: %s%n", step, now);
        last = now;
        lastReport = time;
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
    progress.printf("%s: done%n", step);
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
