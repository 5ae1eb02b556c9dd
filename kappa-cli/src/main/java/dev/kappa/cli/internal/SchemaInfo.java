package dev.kappa.cli.internal;

/**
 * One schema version as the commands print it, whether read from the data directory or a server.
 *
 * @param version 1, 2, 3… per stream
 * @param id the registry-wide id
 * @param schema the Avro schema as JSON text
 */
record SchemaInfo(int version, int id, String schema) {}
