package io.salesrank.api.resources;

/** A request refused with its status; the servlet renders it as {@code {"code", "message"}}. */
final class Refusal extends RuntimeException {

  final int status;

  Refusal(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }
}
