package dev.kappa.log;

import java.util.List;

/**
 * Records read from one partition: a contiguous run of offsets from {@link #firstOffset()} up to,
 * but not including, {@link #nextOffset()}. Every batch in it passed its CRC check.
 *
 * <p>Immutable and safe to share between threads; {@link #forEach} may be called repeatedly. A
 * result read into a {@link ReadBuffer} is so only until the next read into that buffer.
 */
public interface ReadResult {

  int partition();

  /** The offset of the first record, or {@link #nextOffset()} when empty. */
  long firstOffset();

  /** The offset to read from next: one past the last record here. */
  long nextOffset();

  int recordCount();

  default boolean isEmpty() {
    return recordCount() == 0;
  }

  /** Bytes of stored batches this result holds. */
  int sizeInBytes();

  /** Visits every record in offset order without copying it. */
  void forEach(RecordHandler handler);

  /** Copies every record out. */
  List<LogRecord> records();
}
