/**
 * The domain: an immutable snapshot of the current ranking (with its comparison rankings and the
 * suppression list), the cache the servlets read it from, and the shapes of history.
 */
package io.salesrank.api.core;
