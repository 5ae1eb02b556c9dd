/**
 * Benchmarks that print one JSON object per measurement: the log ({@link
 * dev.kappa.bench.LogBenchmark}) and the server's HTTP ingest ({@link
 * dev.kappa.bench.IngestBenchmark}).
 */
package dev.kappa.bench;
