package dev.kappa.log;

/** A record whose encoded size is over the configured limit. Nothing of its batch is written. */
public final class RecordTooLargeException extends LogException {

  public RecordTooLargeException(int index, long size, int limit) {
    super(
        "record_too_large",
        "record #" + index + " of the batch is " + size + " bytes, the limit is " + limit,
        null);
  }
}
