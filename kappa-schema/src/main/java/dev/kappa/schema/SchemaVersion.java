package dev.kappa.schema;

import org.apache.avro.Schema;

/**
 * One registered version of a stream's schema.
 *
 * @param stream the stream
 * @param version 1, 2, 3… per stream, in registration order
 * @param id the registry-wide id stored in every value written with this version
 * @param schema the Avro schema
 */
public record SchemaVersion(String stream, int version, int id, Schema schema) {

  /** The schema as canonical JSON text. */
  public String text() {
    return schema.toString();
  }
}
