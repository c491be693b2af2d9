/**
 * Publishing a ranking directory into PostgreSQL (docs/publishing.md): the directory checked line by
 * line, the two-transaction publish and its SQL, the category guard, retention, and the connection pool.
 */
package io.salesrank.loader;
