package dev.kappa.testkit;

import dev.kappa.log.LogRecord;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecordHandler;
import dev.kappa.log.RecordView;
import java.util.List;

/**
 * Records read from a {@link MemoryPartition}: a contiguous run of offsets. Immutable: the stored
 * records are shared, so handlers see them through read-only buffers and callers get copies.
 */
record MemoryReadResult(int partition, long firstOffset, List<LogRecord> records, int sizeInBytes)
    implements ReadResult {

  MemoryReadResult {
    records = List.copyOf(records);
  }

  /** Copies of the records, so that changing them cannot change the log. */
  @Override
  public List<LogRecord> records() {
    return records.stream().map(MemoryReadResult::copy).toList();
  }

  static LogRecord copy(LogRecord r) {
    return new LogRecord(
        r.partition(),
        r.offset(),
        r.eventTime(),
        r.appendTime(),
        r.key() == null ? null : r.key().clone(),
        r.value().clone(),
        r.headers());
  }

  @Override
  public long nextOffset() {
    return firstOffset + records.size();
  }

  @Override
  public int recordCount() {
    return records.size();
  }

  @Override
  public void forEach(RecordHandler handler) {
    for (LogRecord record : records) {
      handler.onRecord(RecordView.of(copy(record)));
    }
  }
}
