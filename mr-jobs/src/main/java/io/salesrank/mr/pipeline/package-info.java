/**
 * The two steps run in order ({@code rank}): the hour directories of the window, step 1 (or the incremental
 * step with a state), step 2, and the ranking directory written whole or not at all.
 */
package io.salesrank.mr.pipeline;
