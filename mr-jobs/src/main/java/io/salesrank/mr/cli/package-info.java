/**
 * The job jar's commands ({@code rank}, {@code sum}, {@code top}, {@code generate}, {@code ingest}): options,
 * exit statuses and one-line errors (docs/cli.md).
 */
package io.salesrank.mr.cli;
