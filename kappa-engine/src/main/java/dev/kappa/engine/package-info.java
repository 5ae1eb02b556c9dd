/**
 * The speed layer: views over the log. A {@link dev.kappa.engine.View} is a named, versioned
 * computation built with a fluent, typed API ({@link dev.kappa.engine.View#named}); a {@link
 * dev.kappa.engine.ViewEngine} runs views over a {@link dev.kappa.log.Log} with their state in
 * RocksDB, committed atomically with the input offsets, so each record affects state exactly once.
 */
package dev.kappa.engine;
