/**
 * {@code ingest}: {@code SalesReport-YYYYMMDDHH.csv} files moved from a dropbox into the hour layout.
 */
package io.salesrank.mr.ingest;
