/**
 * Step 2, top N: the secondary sort by (category, score descending, product), its key, partitioner and
 * grouping, and the reducer that ranks each category and keeps its best N (with sparse-category fallback).
 */
package io.salesrank.mr.top;
