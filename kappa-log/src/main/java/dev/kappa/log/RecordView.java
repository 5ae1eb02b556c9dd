package dev.kappa.log;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A zero-copy view of one record inside a {@link ReadResult}, for the replay hot path.
 *
 * <p>Valid only during the {@link RecordHandler#onRecord} call that received it: the same instance
 * is reused for the next record, and its buffers are read-only slices of the batch. Call {@link
 * #toLogRecord()} to keep a record.
 */
public interface RecordView {

  /** {@code record} seen as a view: buffers wrap its arrays, read-only; stays valid. */
  static RecordView of(LogRecord record) {
    return new dev.kappa.log.internal.StoredRecordView(record);
  }

  int partition();

  long offset();

  long eventTime();

  long appendTime();

  /** The key as a read-only buffer positioned at its first byte, or null. */
  ByteBuffer key();

  /** The value as a read-only buffer positioned at its first byte. */
  ByteBuffer value();

  /** The headers, decoded on demand. */
  List<Header> headers();

  /** A copy that outlives the callback. */
  LogRecord toLogRecord();
}
