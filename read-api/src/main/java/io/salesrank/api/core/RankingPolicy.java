package io.salesrank.api.core;

/**
 * How a run ranked its categories, as published: {@code window} with {@code windowHours}, or
 * {@code decay} with {@code halfLifeHours} and {@code lookbackHours}; the fields of the other kind
 * are null.
 */
public record RankingPolicy(String kind, Integer windowHours, Double halfLifeHours, Integer lookbackHours) {
}
