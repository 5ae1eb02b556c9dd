/**
 * Canonical models: each stream's Avro schema versions, kept on the log, evolving under
 * compatibility rules, with JSON conversion at the edge. Entry point: {@link
 * dev.kappa.schema.SchemaRegistry#open}.
 */
package dev.kappa.schema;
