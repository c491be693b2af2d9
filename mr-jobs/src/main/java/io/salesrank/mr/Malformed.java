package io.salesrank.mr;

/**
 * Why a sales line was rejected. Each reason is a Hadoop counter of its own; reports name the
 * reason, the file and the offset, never the line's content.
 */
public enum Malformed {
  FIELD_COUNT("wrong number of fields"),
  BAD_QUOTING("unterminated or misplaced quote"),
  BAD_TIMESTAMP("timestamp is not an ISO-8601 instant or epoch seconds/milliseconds"),
  BAD_PRODUCT_ID("product_id outside [A-Za-z0-9_.:-]{1,64}"),
  BAD_CATEGORY_ID("category_id outside [A-Za-z0-9_.:-]{1,64}"),
  BAD_QUANTITY("qty is not a signed integer of at most 9 digits");

  private final String description;

  Malformed(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
