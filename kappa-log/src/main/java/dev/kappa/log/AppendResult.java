package dev.kappa.log;

/**
 * Where an appended batch landed: offsets {@code baseOffset .. lastOffset()} of one partition, all
 * durable.
 *
 * @param stream the stream name
 * @param partition the partition
 * @param baseOffset the offset of the first record
 * @param recordCount how many records, at dense offsets
 * @param appendTime the append time the log stamped on them
 */
public record AppendResult(
    String stream, int partition, long baseOffset, int recordCount, long appendTime) {

  /** The offset of the last record appended. */
  public long lastOffset() {
    return baseOffset + recordCount - 1;
  }
}
