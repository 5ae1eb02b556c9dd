package dev.kappa.log.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The fixed 52-byte header that frames every batch in a segment file. Big-endian:
 *
 * <pre>
 *  0  magic          int32   0x4B415031 ("KAP1")
 *  4  crc            uint32  CRC32C of bytes [8, length) of the frame
 *  8  length         int32   frame length in bytes, header included
 * 12  baseOffset     int64   offset of the first record
 * 20  recordCount    int32   records in the batch, at least 1
 * 24  baseTimestamp  int64   event time of the first record
 * 32  maxTimestamp   int64   largest event time in the batch
 * 40  appendTime     int64   time the log appended the batch
 * 48  attributes     int32   0 (reserved: compression)
 * 52  records ...
 * </pre>
 */
record BatchHeader(
    int crc,
    int length,
    long baseOffset,
    int recordCount,
    long baseTimestamp,
    long maxTimestamp,
    long appendTime,
    int attributes) {

  static final int MAGIC = 0x4B415031;
  static final int SIZE = 52;
  static final int CRC_START = 8;
  static final int LENGTH_AT = 8;
  static final int BASE_OFFSET_AT = 12;
  static final int RECORD_COUNT_AT = 20;
  static final int BASE_TIMESTAMP_AT = 24;
  static final int MAX_TIMESTAMP_AT = 32;
  static final int APPEND_TIME_AT = 40;
  static final int ATTRIBUTES_AT = 48;

  long lastOffset() {
    return baseOffset + recordCount - 1;
  }

  long nextOffset() {
    return baseOffset + recordCount;
  }

  /**
   * Parses the header at {@code at}, or returns a reason it is not a plausible frame: wrong magic,
   * a length outside {@code [SIZE, available]}, or no records. Does not check the CRC.
   */
  static Parsed parse(ByteBuffer buf, int at, long available) {
    if (available < SIZE) {
      return new Parsed(null, "only " + available + " bytes left, a header needs " + SIZE);
    }
    ByteBuffer b =
        buf.order() == ByteOrder.BIG_ENDIAN ? buf : buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    int magic = b.getInt(at);
    if (magic != MAGIC) {
      return new Parsed(null, String.format("bad magic 0x%08X", magic));
    }
    int length = b.getInt(at + LENGTH_AT);
    if (length < SIZE || length > available) {
      return new Parsed(
          null, "frame length " + length + " outside [" + SIZE + ", " + available + "]");
    }
    int count = b.getInt(at + RECORD_COUNT_AT);
    if (count < 1 || count > length - SIZE) {
      return new Parsed(null, "record count " + count + " impossible for length " + length);
    }
    int attributes = b.getInt(at + ATTRIBUTES_AT);
    if (attributes != 0) {
      return new Parsed(null, String.format("unsupported attributes 0x%08X", attributes));
    }
    return new Parsed(
        new BatchHeader(
            b.getInt(at + 4),
            length,
            b.getLong(at + BASE_OFFSET_AT),
            count,
            b.getLong(at + BASE_TIMESTAMP_AT),
            b.getLong(at + MAX_TIMESTAMP_AT),
            b.getLong(at + APPEND_TIME_AT),
            attributes),
        null);
  }

  /** CRC32C of the frame at {@code at}, over bytes {@code [at + 8, at + length)}. */
  static int computeCrc(ByteBuffer buf, int at, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buf.slice(at + CRC_START, length - CRC_START));
    return (int) crc.getValue();
  }

  /** A header, or the reason the bytes are not one. */
  record Parsed(BatchHeader header, String problem) {
    boolean ok() {
      return header != null;
    }
  }
}
