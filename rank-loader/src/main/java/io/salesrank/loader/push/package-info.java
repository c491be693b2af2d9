/**
 * Pushes to sellers (docs/pushes.md): subscriptions, the pushes each publish owes them (their watched
 * entries' changes since what they were last sent), and their signed delivery, at least once.
 */
package io.salesrank.loader.push;
