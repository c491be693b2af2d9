package io.salesrank.mr;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.mapreduce.JobID;

/**
 * A task's one-line reason for failing, for the driver to tell. On a cluster the driver reads it from
 * the failed attempts' diagnostics; the local runner keeps none, but its tasks run in the driver's JVM
 * and leave the reason here.
 */
public final class TaskFailures {

  /** The text a task's exception message starts with, to find it among a cluster's diagnostics. */
  public static final String MARK = "salesrank task failure: ";

  /** By the job id's text: a task sees the old API's JobID, the driver the new one's, never equal. */
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();

  private TaskFailures() {
  }

  /** Records {@code reason} for {@code job} (the first one stays) and returns the exception to throw. */
  public static java.io.IOException failure(JobID job, String reason, Throwable cause) {
    if (job != null) {
      REASONS.putIfAbsent(job.toString(), reason);
    }
    return new java.io.IOException(MARK + reason, cause);
  }

  /** The reason recorded in this JVM for {@code job}, forgotten once taken; null when none. */
  public static String take(JobID job) {
    return REASONS.remove(job.toString());
  }

  /** The reason in a failed attempt's diagnostics (a stack trace's first line), or null. */
  public static String fromDiagnostics(String diagnostics) {
    int at = diagnostics.indexOf(MARK);
    if (at < 0) {
      return null;
    }
    String rest = diagnostics.substring(at + MARK.length());
    int end = rest.indexOf('\n');
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }
}
