/**
 * {@code bin/salesrank demo}: a sample week of sales ranked and published, by the same path as
 * {@code run}, into an embedded PostgreSQL this module owns, and served by the read API in a JVM of its own.
 */
package io.salesrank.demo;
