package io.salesrank.loader.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Entry point of the Oozie workflow's java actions: the same commands as {@code bin/salesrank}, run with
 * the configuration Oozie wrote for the action, so the jobs go to the cluster and queue the workflow
 * names. A failure is thrown, not passed to {@code System.exit}, with the command's one-line reason as
 * its message: the launcher marks the action failed and {@code wf:errorMessage} carries that line.
 */
public final class OozieMain {

  /** The system property under which Oozie's launcher names the action's configuration file. */
  static final String ACTION_CONF = "oozie.action.conf.xml";
  /** Tags Oozie asks child jobs to carry, so a retried launcher can find and kill an earlier attempt's. */
  static final String CHILD_JOB_TAGS = "oozie.child.mapreduce.job.tags";

  private OozieMain() {
  }

  public static void main(String[] args) throws Exception {
    PrintStream original = System.err;
    LastLine last = new LastLine(original);
    System.setErr(new PrintStream(last, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = SalesRankCli.run(actionConfiguration(), args);
    } finally {
      System.err.flush();
      System.setErr(original);
    }
    if (status != 0) {
      String command = args.length > 0 ? args[0] : "";
      String reason = last.line();
      throw new IllegalStateException(reason.isEmpty()
          ? "salesrank " + command + " failed (exit status " + status + ")"
          : reason);
    }
  }

  /**
   * The cluster's configuration with the action's on top: what Oozie resolved for this action (name node,
   * resource manager, the workflow's {@code <global>} and action {@code <configuration>}). Outside Oozie,
   * the cluster's configuration alone.
   */
  static Configuration actionConfiguration() {
    Configuration conf = new Configuration();
    String file = System.getProperty(ACTION_CONF);
    if (file != null) {
      conf.addResource(new Path("file:///", file));
    }
    String tags = conf.get(CHILD_JOB_TAGS);
    if (tags != null && !tags.isBlank()) {
      String own = conf.get("mapreduce.job.tags");
      conf.set("mapreduce.job.tags", own == null || own.isBlank() ? tags : own + "," + tags);
    }
    return conf;
  }

  /**
   * Passes bytes through and keeps the last line written that is not a log line: on failure, the
   * command's one-line reason.
   */
  static final class LastLine extends OutputStream {
    private final OutputStream out;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private String last = "";

    LastLine(OutputStream out) {
      this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      out.write(b);
      if (b == '\n') {
        endLine();
      } else if (current.size() < 4096) {
        current.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          endLine();
        } else if (current.size() < 4096) {
          current.write(b[i]);
        }
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    private void endLine() {
      String line = current.toString(StandardCharsets.UTF_8).strip();
      // Log lines (they start with their timestamp) are not the command's own words.
      if (!line.isEmpty() && !Character.isDigit(line.charAt(0))) {
        last = line;
      }
      current.reset();
    }

    synchronized String line() {
      endLine();
      return last;
    }
  }
}
