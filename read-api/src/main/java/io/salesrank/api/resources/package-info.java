/**
 * The servlets: the ranking endpoints (routed by {@link io.salesrank.api.resources.Endpoint}), their
 * prerendered answers, request metrics and history answers, and the static page and OpenAPI document.
 */
package io.salesrank.api.resources;
