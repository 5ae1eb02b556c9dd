package dev.kappa.log;

/**
 * One batch frame found by {@link SegmentInspector}.
 *
 * @param position byte position of the frame in the segment file
 * @param length total frame length in bytes, header included
 * @param baseOffset offset of the first record
 * @param recordCount records in the batch
 * @param baseTimestamp event time of the first record
 * @param maxTimestamp the largest event time in the batch
 * @param appendTime the append time the log stamped
 * @param storedCrc the CRC32C stored in the frame
 * @param computedCrc the CRC32C computed over the frame
 */
public record SegmentBatch(
    long position,
    int length,
    long baseOffset,
    int recordCount,
    long baseTimestamp,
    long maxTimestamp,
    long appendTime,
    int storedCrc,
    int computedCrc) {

  public boolean crcValid() {
    return storedCrc == computedCrc;
  }

  public long lastOffset() {
    return baseOffset + recordCount - 1;
  }
}
