/**
 * Step 1, sum: the job, the mapper that parses each line and sums in-task, the one fan-out of a sale to
 * its category, ancestors and {@code *}, the exact fixed-point sums and the reducer that adds them up.
 */
package io.salesrank.mr.sum;
