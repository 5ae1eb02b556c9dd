package dev.kappa.log.internal;

import dev.kappa.log.LogRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecordHandler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ReadResult} over whole, CRC-checked frames held in one buffer. The first frame may start
 * before {@code firstOffset}; its earlier records are skipped.
 *
 * <p>Immutable: the buffer is never written after construction, and each traversal uses its own
 * cursor, so it is safe to share.
 */
final class FrameRecords implements ReadResult {

  private final int partition;
  private final ByteBuffer frames;
  private final long firstOffset;
  private final long nextOffset;

  FrameRecords(int partition, ByteBuffer frames, long firstOffset, long nextOffset) {
    this.partition = partition;
    this.frames = frames;
    this.firstOffset = firstOffset;
    this.nextOffset = nextOffset;
  }

  static FrameRecords empty(int partition, long offset) {
    return new FrameRecords(partition, ByteBuffer.allocate(0), offset, offset);
  }

  @Override
  public int partition() {
    return partition;
  }

  @Override
  public long firstOffset() {
    return firstOffset;
  }

  @Override
  public long nextOffset() {
    return nextOffset;
  }

  @Override
  public int recordCount() {
    return (int) (nextOffset - firstOffset);
  }

  @Override
  public int sizeInBytes() {
    return frames.capacity();
  }

  @Override
  public void forEach(RecordHandler handler) {
    RecordCursor cursor = new RecordCursor(partition, frames);
    int at = 0;
    while (at < frames.capacity()) {
      int length = frames.getInt(at + BatchHeader.LENGTH_AT);
      long baseOffset = frames.getLong(at + BatchHeader.BASE_OFFSET_AT);
      int count = frames.getInt(at + BatchHeader.RECORD_COUNT_AT);
      long baseTimestamp = frames.getLong(at + BatchHeader.BASE_TIMESTAMP_AT);
      long appendTime = frames.getLong(at + BatchHeader.APPEND_TIME_AT);
      int recordAt = at + BatchHeader.SIZE;
      for (int i = 0; i < count; i++) {
        long offset = baseOffset + i;
        recordAt = cursor.decode(recordAt, offset, baseTimestamp, appendTime);
        if (offset >= firstOffset) {
          handler.onRecord(cursor);
        }
      }
      at += length;
    }
  }

  @Override
  public List<LogRecord> records() {
    List<LogRecord> records = new ArrayList<>(recordCount());
    forEach(record -> records.add(record.toLogRecord()));
    return records;
  }
}
