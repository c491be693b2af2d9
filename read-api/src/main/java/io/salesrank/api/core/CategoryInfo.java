package io.salesrank.api.core;

/**
 * How one category of a run was ranked, beyond the run's policy: its parent in the run's category
 * tree (null for a root, a category the tree does not name, and {@code *}) and the hours it was ranked
 * over, the run's span or a fallback span. Runs published before the loader stored these have none.
 */
public record CategoryInfo(String parentId, int spanHours) {
}
