package io.salesrank.mr;

/** A MapReduce job that ended unsuccessfully; its message names the step and the first line of why. */
public final class JobFailedException extends SalesRankException {

  public JobFailedException(String message) {
    super(message);
  }
}
