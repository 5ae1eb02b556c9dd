package dev.kappa.schema;

/**
 * A change to a stream's model that would make existing data unreadable, such as switching a stream
 * with schema versions to schemaless, or registering a schema on a schemaless stream.
 */
public final class ModelConflictException extends SchemaException {

  public ModelConflictException(String message) {
    super("model_conflict", message, null);
  }
}
