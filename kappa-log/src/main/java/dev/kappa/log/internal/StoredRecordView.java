package dev.kappa.log.internal;

import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import dev.kappa.log.RecordView;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link LogRecord} seen as a {@link RecordView}: buffers wrap the record's arrays, read-only.
 * Unlike a cursor's view it stays valid. Immutable.
 */
public record StoredRecordView(LogRecord record) implements RecordView {

  @Override
  public int partition() {
    return record.partition();
  }

  @Override
  public long offset() {
    return record.offset();
  }

  @Override
  public long eventTime() {
    return record.eventTime();
  }

  @Override
  public long appendTime() {
    return record.appendTime();
  }

  @Override
  public ByteBuffer key() {
    return record.key() == null ? null : ByteBuffer.wrap(record.key()).asReadOnlyBuffer();
  }

  @Override
  public ByteBuffer value() {
    return ByteBuffer.wrap(record.value()).asReadOnlyBuffer();
  }

  @Override
  public List<Header> headers() {
    return record.headers();
  }

  @Override
  public LogRecord toLogRecord() {
    return record;
  }
}
