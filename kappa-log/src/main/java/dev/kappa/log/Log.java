package dev.kappa.log;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An immutable, partitioned event log.
 *
 * <p><b>Offsets</b> are dense per partition and start at 0. <b>Durability</b>: an append's future
 * completes only after its records are fsynced; readers never see records past a partition's
 * durable end, so everything read has been acknowledged or could have been.
 *
 * <p><b>Errors</b>: bad input (unknown stream or partition, oversize record) is thrown at once,
 * before anything is written. Storage failures complete the append's future exceptionally with
 * {@link LogFailedException}, after which every append fails (fail-stop).
 *
 * <p><b>Thread-safety</b>: every method may be called from any thread. Appends to one partition are
 * ordered by the order in which they take the partition's write lock.
 */
public interface Log extends AutoCloseable {

  /**
   * Creates a stream. Its directory appears atomically: after a crash it is fully there or not.
   *
   * @throws StreamExistsException if the name is taken
   */
  StreamInfo createStream(StreamConfig config);

  /** Every stream, sorted by name. */
  List<StreamInfo> listStreams();

  /**
   * @throws UnknownStreamException if there is no such stream
   */
  StreamInfo describeStream(String stream);

  boolean hasStream(String stream);

  /**
   * Appends records to one partition as one unit: they get contiguous offsets, and the future
   * completes once all of them are durable. Futures of one partition complete in offset order, on
   * the log's flush thread: callbacks attached with {@code thenAccept} and the like must not block
   * (use the {@code *Async} variants for blocking work), or the partition's acknowledgements stall.
   *
   * @throws UnknownStreamException, UnknownPartitionException, RecordTooLargeException before
   *     writing anything
   */
  CompletableFuture<AppendResult> append(String stream, int partition, List<NewRecord> records);

  /**
   * Appends records to the partitions their keys hash to (Kafka's murmur2 partitioner, so the same
   * key lands in the same partition as with Kafka's default partitioner). Records without a key go
   * to one partition chosen round-robin per call. Order is kept within each partition.
   *
   * @return one result per partition written, in partition order
   */
  CompletableFuture<List<AppendResult>> appendByKey(String stream, List<NewRecord> records);

  /**
   * Reads whole batches starting at {@code offset}, up to about {@code maxBytes} (at least one
   * batch, however large), never past the durable end. Reading at the durable end returns an empty
   * result.
   *
   * @throws OffsetOutOfRangeException if {@code offset} is below the start or past the durable end
   * @throws CorruptLogException if a batch fails its CRC check; nothing of it is returned
   */
  ReadResult read(String stream, int partition, long offset, int maxBytes);

  /**
   * Like {@link #read}, reusing {@code buffer}'s memory: the result is valid until the next read
   * into {@code buffer}. For a reader that handles each result before it reads the next; a log that
   * cannot reuse memory reads as {@link #read} does.
   */
  default ReadResult read(
      String stream, int partition, long offset, int maxBytes, ReadBuffer buffer) {
    return read(stream, partition, offset, maxBytes);
  }

  /**
   * Like {@link #read} at the durable end, but first waits up to {@code maxWait} for a record at
   * {@code offset} to become durable. Returns an empty result on timeout.
   */
  ReadResult poll(String stream, int partition, long offset, int maxBytes, Duration maxWait)
      throws InterruptedException;

  /**
   * The offset of the first record whose event time is at or after {@code timestamp}, found with
   * the time index, or the durable end if there is none.
   */
  long offsetForTime(String stream, int partition, long timestamp);

  /** Completes, with the new durable end, once the durable end is past {@code offset}. */
  CompletableFuture<Long> awaitDurable(String stream, int partition, long offset);

  /** A partition's start, end, durable end and size. */
  PartitionInfo partition(String stream, int partition);

  /** Deletes the segments that the streams' retention policies allow to go. */
  void enforceRetention();

  /**
   * Why the log stopped accepting writes (fail-stop after a failed fsync or write), or empty while
   * it is healthy. Reads keep working after a failure.
   */
  Optional<LogFailedException> failure();

  /** What opening this log had to repair. */
  RecoveryReport recoveryReport();

  /**
   * Waits for outstanding appends to become durable, writes recovery checkpoints and releases the
   * directory lock. Appends after close fail with {@link LogClosedException}.
   */
  @Override
  void close();
}
