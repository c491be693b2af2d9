package io.salesrank.mr.input;

/**
 * Why a sales line was rejected. Each reason is a Hadoop counter of its own; reports name the
 * reason, the file and the offset, never the line's content.
 */
public enum Malformed {
  FIELD_COUNT("wrong number of fields"),
  BAD_QUOTING("unterminated or misplaced quote"),
  BAD_TIMESTAMP("bad timestamp"),
  BAD_PRODUCT_ID("bad product_id"),
  BAD_CATEGORY_ID("bad category_id"),
  BAD_QUANTITY("bad qty");

  private final String description;

  Malformed(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
