package dev.kappa.server.internal.catalog;

import dev.kappa.schema.InvalidSchemaException;
import org.apache.avro.Schema;

/**
 * Checks schema text before the registry sees it, so nothing is created for a stream whose schema
 * is bad, and so every parse failure of Avro's (which throws several exception types) is reported
 * as {@code invalid_schema}.
 */
public final class AvroSchemas {

  private AvroSchemas() {}

  /**
   * The parsed schema.
   *
   * @throws InvalidSchemaException if the text is not an Avro schema whose top level is a record
   */
  public static Schema checkIsRecord(String text) {
    Schema schema;
    try {
      schema = new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      throw new InvalidSchemaException(String.valueOf(e.getMessage()), e);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new InvalidSchemaException(
          "the top level must be a record, not " + schema.getType().getName(), null);
    }
    return schema;
  }
}
