package dev.kappa.schema;

/**
 * Text that is not a valid Avro schema, or a schema Kappa cannot use (the top level must be a
 * record).
 */
public final class InvalidSchemaException extends SchemaException {

  public InvalidSchemaException(String reason, Throwable cause) {
    super("invalid_schema", "invalid schema: " + reason, cause);
  }
}
