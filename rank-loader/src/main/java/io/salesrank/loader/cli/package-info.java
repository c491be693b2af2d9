/**
 * The command line of {@code bin/salesrank} (all but {@code serve} and {@code demo}) and of the Oozie
 * java actions: the job jar's commands plus {@code load}, {@code run} and {@code suppress} (docs/cli.md).
 */
package io.salesrank.loader.cli;
