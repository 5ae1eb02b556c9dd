package dev.kappa.schema;

/** A schema version, id or stream model that does not exist. */
public final class UnknownSchemaException extends SchemaException {

  public UnknownSchemaException(String message) {
    super("unknown_schema", message, null);
  }
}
