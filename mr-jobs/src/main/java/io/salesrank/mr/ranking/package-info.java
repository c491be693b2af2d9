/**
 * The ranking directory (docs/ranking-directory.md) as the loader reads it: the {@code _ranking.json}
 * manifest and the rows of the {@code part-*} files.
 */
package io.salesrank.mr.ranking;
