/**
 * The read API (docs/read-api.md), dropwizard-example's layout: the application and its configuration
 * here; wire types in {@code api}, the domain in {@code core}, database access in {@code db}, health checks
 * in {@code health}, the servlets in {@code resources}.
 */
package io.salesrank.api;
