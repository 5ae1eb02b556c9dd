package dev.kappa.engine;

/**
 * One entry of a top-N result: a value, its score, and where it came from (which breaks ties in
 * score: the earlier {@link Origin} ranks higher).
 */
public record Ranked<V>(V value, double score, Origin origin) {}
