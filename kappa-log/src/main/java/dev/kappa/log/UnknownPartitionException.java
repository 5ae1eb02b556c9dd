package dev.kappa.log;

/** A partition number outside {@code 0 .. partitions-1} of its stream. */
public final class UnknownPartitionException extends LogException {

  public UnknownPartitionException(String stream, int partition, int partitions) {
    super(
        "unknown_partition",
        "stream '" + stream + "' has partitions 0.." + (partitions - 1) + ", not " + partition,
        null);
  }
}
