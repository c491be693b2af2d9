package io.salesrank.api.core;

/** One row of a run's ranking as stored. */
public record RankingRow(String categoryId, int rank, String productId, long totalSold, double score) {
}
