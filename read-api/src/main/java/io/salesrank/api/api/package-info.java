/**
 * The JSON the API answers with: one record a response and item, as openapi.json describes them.
 */
package io.salesrank.api.api;
