package dev.kappa.log;

/** A record, or a whole append, whose encoded size is over its limit. Nothing is written. */
public final class RecordTooLargeException extends LogException {

  public RecordTooLargeException(int index, long size, int limit) {
    this("record #" + index + " of the batch is " + size + " bytes, the limit is " + limit);
  }

  private RecordTooLargeException(String message) {
    super("record_too_large", message, null);
  }

  /** A whole append over the batch limit. */
  public static RecordTooLargeException batch(int records, long size, int limit) {
    return new RecordTooLargeException(
        "the batch of "
            + records
            + " records is "
            + size
            + " bytes, the limit is "
            + limit
            + "; split it into several appends");
  }
}
