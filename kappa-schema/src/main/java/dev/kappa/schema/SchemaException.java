package dev.kappa.schema;

/**
 * Base of the schema layer's errors. Each subtype has a stable {@link #code()} that the server maps
 * to an HTTP status and clients can match on.
 */
public abstract sealed class SchemaException extends RuntimeException
    permits InvalidSchemaException,
        IncompatibleSchemaException,
        UnknownSchemaException,
        InvalidEventException,
        ModelConflictException,
        CorruptRegistryException {

  private final String code;

  SchemaException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
