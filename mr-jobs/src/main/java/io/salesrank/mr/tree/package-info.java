/**
 * The category tree ({@code --category-tree}, docs/ranking-rules.md): its file read and validated, and
 * each category's ancestors, which a sale also counts in. It depends on nothing else of the jobs.
 */
package io.salesrank.mr.tree;
