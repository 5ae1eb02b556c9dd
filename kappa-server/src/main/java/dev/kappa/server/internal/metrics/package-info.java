/** The server's Prometheus meters: ingest outcomes, errors, stream sizes and the JVM. */
package dev.kappa.server.internal.metrics;
