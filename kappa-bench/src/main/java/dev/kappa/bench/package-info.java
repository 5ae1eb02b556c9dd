/**
 * Benchmarks of the log that print one JSON object per measurement. Entry point: {@link
 * dev.kappa.bench.LogBenchmark}.
 */
package dev.kappa.bench;
