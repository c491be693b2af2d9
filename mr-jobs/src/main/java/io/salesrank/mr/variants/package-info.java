/**
 * Variants rolled up to their parent ({@code --product-parent}, docs/ranking-rules.md): the file read
 * and checked by the driver into a compact table, shipped to the tasks as the category tree is, and
 * looked up by the mappers on a line's product id bytes before any other rule applies.
 */
package io.salesrank.mr.variants;
