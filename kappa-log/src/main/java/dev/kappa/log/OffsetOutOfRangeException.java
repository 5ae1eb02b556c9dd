package dev.kappa.log;

/** A read below the oldest retained offset or beyond the durable end. */
public final class OffsetOutOfRangeException extends LogException {

  public OffsetOutOfRangeException(
      String stream, int partition, long offset, long startOffset, long durableEnd) {
    super(
        "offset_out_of_range",
        "offset "
            + offset
            + " of "
            + stream
            + "/"
            + partition
            + " is outside the readable range ["
            + startOffset
            + ", "
            + durableEnd
            + "]",
        null);
  }
}
