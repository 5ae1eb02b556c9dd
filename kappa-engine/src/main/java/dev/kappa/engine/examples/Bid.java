package dev.kappa.engine.examples;

/**
 * A Nexmark bid: {@code bidder} offers {@code price} (in cents) for {@code auction} at {@code
 * dateTime} (epoch milliseconds).
 */
public record Bid(long auction, long bidder, long price, long dateTime) {}
