package io.salesrank.shared;

/** Where this module's Flyway migrations sit: the loader applies them, the read API validates them. */
public final class Migrations {

  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {
  }
}
