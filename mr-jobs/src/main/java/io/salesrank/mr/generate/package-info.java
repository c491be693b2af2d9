/**
 * {@code generate}: synthetic hourly sales logs in the hour layout, for the demo, the tests and the benchmarks.
 */
package io.salesrank.mr.generate;
