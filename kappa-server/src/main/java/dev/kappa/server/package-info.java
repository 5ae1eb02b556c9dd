/**
 * The Kappa HTTP server: streams, schemas, ingest (JSON, NDJSON, CloudEvents), reads and operations
 * over one data directory. Entry point: {@link dev.kappa.server.KappaServer#start}.
 */
package dev.kappa.server;
