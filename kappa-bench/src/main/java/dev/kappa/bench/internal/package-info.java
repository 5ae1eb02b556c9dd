/** Workloads, servers, run bookkeeping and output of the benchmarks; not a public API. */
package dev.kappa.bench.internal;
