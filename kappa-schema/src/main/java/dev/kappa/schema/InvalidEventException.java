package dev.kappa.schema;

/**
 * An event that does not fit its stream's schema. The message names the field path (such as {@code
 * $.items[2].price}), the expected type and what was found.
 */
public final class InvalidEventException extends SchemaException {

  private final String path;
  private final String expected;
  private final String found;

  public InvalidEventException(String path, String expected, String found) {
    this(path, expected, found, null);
  }

  /** With the underlying failure, such as Avro's own error, as the cause. */
  public InvalidEventException(String path, String expected, String found, Throwable cause) {
    super("invalid_event", path + ": expected " + expected + ", found " + found, cause);
    this.path = path;
    this.expected = expected;
    this.found = found;
  }

  /** Where the problem is, as a JSON path from {@code $}. */
  public String path() {
    return path;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
