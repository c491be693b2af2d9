/**
 * The admin port's health checks: the database reachable, the current ranking fresh.
 */
package io.salesrank.api.health;
