package dev.kappa.schema;

/**
 * The registry's history on the log (stream {@value SchemaRegistry#STREAM}) breaks the registry's
 * invariants: an unreadable record, a version number that does not continue its stream's versions,
 * a reused or decreasing id, or a record appended by some writer other than the registry. Nothing
 * is repaired or skipped silently, since values on the log name schemas by id; an operator must
 * look at the record at {@link #offset()}.
 */
public final class CorruptRegistryException extends SchemaException {

  private final long offset;

  public CorruptRegistryException(long offset, String reason, Throwable cause) {
    super(
        "corrupt_registry",
        "schema registry record at offset "
            + offset
            + " of stream '"
            + SchemaRegistry.STREAM
            + "': "
            + reason,
        cause);
    this.offset = offset;
  }

  /** The offset in {@value SchemaRegistry#STREAM} of the offending record. */
  public long offset() {
    return offset;
  }
}
