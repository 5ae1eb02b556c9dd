package dev.kappa.log.internal;

import dev.kappa.log.Header;
import dev.kappa.log.NewRecord;
import dev.kappa.log.RecordTooLargeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes records into batch frames (see {@link BatchHeader}) in a reusable direct buffer.
 *
 * <p>Each record inside a frame is: {@code length} (unsigned varint, bytes that follow), {@code
 * timestampDelta} (zig-zag varlong, event time minus the frame's base timestamp, wrapping), {@code
 * keyLength} (zig-zag varint, -1 for no key), key bytes, {@code valueLength} (unsigned varint),
 * value bytes, {@code headerCount} (unsigned varint), then per header: key length (unsigned
 * varint), UTF-8 key, value length (zig-zag varint, -1 for null), value bytes. A record's offset is
 * the frame's base offset plus its index.
 *
 * <p>Not thread-safe: one encoder per partition, used under the partition's write lock.
 */
final class RecordEncoder {

  /**
   * The largest buffer kept between appends; a larger one needed by a big append is dropped after
   * it. Buffers start small and only on the first append, so idle partitions cost no direct memory.
   */
  private static final int RETAINED_BYTES = 1 << 20;

  private static final int INITIAL_BYTES = 64 << 10;

  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

  /**
   * Checks every record, and the batch as a whole, against the size limits before anything is
   * written.
   *
   * @throws RecordTooLargeException naming the first record over the limit, or the batch size
   */
  static void validate(List<NewRecord> records, int maxRecordBytes, int maxBatchBytes) {
    long batch = BatchHeader.SIZE;
    for (int i = 0; i < records.size(); i++) {
      long size = records.get(i).sizeUpperBound();
      if (size > maxRecordBytes) {
        throw new RecordTooLargeException(i, size, maxRecordBytes);
      }
      batch += size;
    }
    if (batch > maxBatchBytes) {
      throw RecordTooLargeException.batch(records.size(), batch, maxBatchBytes);
    }
  }

  /**
   * Encodes all {@code records} (at least one) into one frame. The returned buffer is valid until
   * {@link #release()}.
   */
  EncodedBatch encode(List<NewRecord> records, long baseOffset, long appendTime) {
    buffer.clear();
    int position = BatchHeader.SIZE;
    long baseTimestamp = eventTime(records.getFirst(), appendTime);
    long maxTimestamp = Long.MIN_VALUE;
    for (NewRecord record : records) {
      long timestamp = eventTime(record, appendTime);
      long timestampDelta = timestamp - baseTimestamp;
      int body = Varints.sizeOfSigned(timestampDelta) + (int) sizeWithoutTimestamp(record);
      int total = Varints.sizeOfUnsigned(body) + body;
      ensureCapacity(position + total);
      buffer.position(position);
      Varints.writeUnsigned(buffer, body);
      Varints.writeSigned(buffer, timestampDelta);
      writeBody(record);
      position += total;
      maxTimestamp = Math.max(maxTimestamp, timestamp);
    }
    buffer
        .putInt(0, BatchHeader.MAGIC)
        .putInt(BatchHeader.LENGTH_AT, position)
        .putLong(BatchHeader.BASE_OFFSET_AT, baseOffset)
        .putInt(BatchHeader.RECORD_COUNT_AT, records.size())
        .putLong(BatchHeader.BASE_TIMESTAMP_AT, baseTimestamp)
        .putLong(BatchHeader.MAX_TIMESTAMP_AT, maxTimestamp)
        .putLong(BatchHeader.APPEND_TIME_AT, appendTime)
        .putInt(BatchHeader.ATTRIBUTES_AT, 0);
    buffer.putInt(4, BatchHeader.computeCrc(buffer, 0, position));
    buffer.limit(position).position(0);
    return new EncodedBatch(buffer, baseOffset, records.size(), maxTimestamp);
  }

  /** Lets go of an outsized buffer once its frame is written. */
  void release() {
    if (buffer.capacity() > RETAINED_BYTES) {
      buffer = ByteBuffer.allocateDirect(0);
    }
  }

  private static long eventTime(NewRecord record, long appendTime) {
    return record.eventTime() == NewRecord.NO_TIMESTAMP ? appendTime : record.eventTime();
  }

  /** Encoded size of a record's fields after the timestamp delta. */
  private static long sizeWithoutTimestamp(NewRecord record) {
    long size = 0;
    byte[] key = record.key();
    size += key == null ? 1 : Varints.sizeOfSigned(key.length) + (long) key.length;
    size += Varints.sizeOfUnsigned(record.value().length) + (long) record.value().length;
    size += Varints.sizeOfUnsigned(record.headers().size());
    for (Header header : record.headers()) {
      int keyBytes = utf8Length(header.key());
      size += Varints.sizeOfUnsigned(keyBytes) + (long) keyBytes;
      byte[] value = header.value();
      size += value == null ? 1 : Varints.sizeOfSigned(value.length) + (long) value.length;
    }
    return size;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private void writeBody(NewRecord record) {
    byte[] key = record.key();
    if (key == null) {
      Varints.writeSigned(buffer, -1);
    } else {
      Varints.writeSigned(buffer, key.length);
      buffer.put(key);
    }
    Varints.writeUnsigned(buffer, record.value().length);
    buffer.put(record.value());
    Varints.writeUnsigned(buffer, record.headers().size());
    for (Header header : record.headers()) {
      byte[] headerKey = header.key().getBytes(StandardCharsets.UTF_8);
      Varints.writeUnsigned(buffer, headerKey.length);
      buffer.put(headerKey);
      byte[] value = header.value();
      if (value == null) {
        Varints.writeSigned(buffer, -1);
      } else {
        Varints.writeSigned(buffer, value.length);
        buffer.put(value);
      }
    }
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.capacity()) {
      ByteBuffer bigger =
          ByteBuffer.allocateDirect(
              Math.max(needed, Math.max(INITIAL_BYTES, buffer.capacity() * 2)));
      buffer.limit(buffer.position()).position(0);
      bigger.put(buffer);
      buffer = bigger;
    }
  }

  /** One encoded frame: {@code frame} holds exactly its bytes, from position 0. */
  record EncodedBatch(ByteBuffer frame, long baseOffset, int recordCount, long maxTimestamp) {
    long nextOffset() {
      return baseOffset + recordCount;
    }
  }
}
