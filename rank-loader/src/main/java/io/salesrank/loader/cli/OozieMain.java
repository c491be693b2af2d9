package io.salesrank.loader.cli;

import org.apache.hadoop.conf.Configuration;

/**
 * Entry point of the Oozie workflow's java actions: the same commands as {@code bin/salesrank},
 * but a failure is thrown, not passed to {@code System.exit}, so the launcher marks the action
 * failed and {@code wf:errorMessage} names it; success returns normally.
 */
public final class OozieMain {

  private OozieMain() {
  }

  public static void main(String[] args) throws Exception {
    int status = SalesRankCli.run(new Configuration(), args);
    if (status != 0) {
      throw new IllegalStateException("salesrank " + (args.length > 0 ? args[0] : "") + " failed (exit status "
          + status + "); its reason is the last line of the launcher's stderr");
    }
  }
}
