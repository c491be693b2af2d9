/**
 * Database access, read-only: the current run and its rows, history, the schema check at start, and the
 * refresher that swaps a new snapshot in when a publish is seen.
 */
package io.salesrank.api.db;
