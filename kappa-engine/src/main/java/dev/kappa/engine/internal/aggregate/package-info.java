/**
 * The built-in aggregations behind {@link dev.kappa.engine.Aggregations}, with their accumulators.
 */
package dev.kappa.engine.internal.aggregate;
