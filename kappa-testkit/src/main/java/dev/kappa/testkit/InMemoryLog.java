package dev.kappa.testkit;

import dev.kappa.log.AppendResult;
import dev.kappa.log.KeyPartitioner;
import dev.kappa.log.Log;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.NewRecord;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RecordTooLargeException;
import dev.kappa.log.RecoveryReport;
import dev.kappa.log.StreamConfig;
import dev.kappa.log.StreamExistsException;
import dev.kappa.log.StreamInfo;
import dev.kappa.log.UnknownPartitionException;
import dev.kappa.log.UnknownStreamException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Log} in memory, for tests: no files, no threads. It keeps the log's contract where it
 * can be observed from outside: dense offsets from 0, append times from the injected {@link Clock}
 * (never going back within a partition), the event time of a record without one is its append time,
 * keys pick partitions with {@link KeyPartitioner}, reads return at least one record and otherwise
 * stay within {@code maxBytes} (counting {@link NewRecord#sizeUpperBound()} per record), and typed
 * errors for unknown streams and partitions, oversize records and use after close.
 *
 * <p>What differs: an append is durable at once, so its future is already complete and the durable
 * end is the end offset; nothing fails, so {@link #failure()} is empty and {@link
 * #recoveryReport()} has nothing; and {@link #enforceRetention()} keeps every record.
 *
 * <p>Thread-safe: streams are guarded by this object's monitor and each partition by its own.
 */
public final class InMemoryLog implements Log {

  /** A stream: its configuration, partitions, and the round-robin turn for keyless records. */
  private record MemoryStream(
      StreamConfig config, MemoryPartition[] partitions, AtomicInteger roundRobin) {}

  private final Clock clock;
  private final int maxRecordBytes;
  private final int maxBatchBytes;
  private final TreeMap<String, MemoryStream> streams = new TreeMap<>();
  private volatile boolean closed;

  /** A log stamping append times from {@code clock}, with the embedded log's default limits. */
  public InMemoryLog(Clock clock) {
    this(clock, LogOptions.DEFAULT_MAX_RECORD_BYTES, LogOptions.DEFAULT_MAX_BATCH_BYTES);
  }

  /**
   * @param maxRecordBytes the largest record accepted, by {@link NewRecord#sizeUpperBound()}
   * @param maxBatchBytes the largest append accepted, at least {@code maxRecordBytes}
   */
  public InMemoryLog(Clock clock, int maxRecordBytes, int maxBatchBytes) {
    if (clock == null) {
      throw new NullPointerException("clock");
    }
    if (maxRecordBytes < 1 || maxBatchBytes < maxRecordBytes) {
      throw new IllegalArgumentException(
          "need 0 < maxRecordBytes <= maxBatchBytes, were "
              + maxRecordBytes
              + ", "
              + maxBatchBytes);
    }
    this.clock = clock;
    this.maxRecordBytes = maxRecordBytes;
    this.maxBatchBytes = maxBatchBytes;
  }

  @Override
  public synchronized StreamInfo createStream(StreamConfig config) {
    checkOpen();
    if (streams.containsKey(config.name())) {
      throw new StreamExistsException(config.name());
    }
    MemoryPartition[] partitions = new MemoryPartition[config.partitions()];
    for (int p = 0; p < partitions.length; p++) {
      partitions[p] = new MemoryPartition(config.name(), p);
    }
    MemoryStream stream = new MemoryStream(config, partitions, new AtomicInteger());
    streams.put(config.name(), stream);
    return info(stream);
  }

  @Override
  public synchronized List<StreamInfo> listStreams() {
    checkOpen();
    return streams.values().stream().map(InMemoryLog::info).toList();
  }

  @Override
  public StreamInfo describeStream(String stream) {
    return info(stream(stream));
  }

  @Override
  public synchronized boolean hasStream(String stream) {
    checkOpen();
    return streams.containsKey(stream);
  }

  @Override
  public CompletableFuture<AppendResult> append(
      String stream, int partition, List<NewRecord> records) {
    MemoryPartition target = partition(stream(stream), partition);
    validate(records);
    return CompletableFuture.completedFuture(target.append(records, clock.millis()));
  }

  @Override
  public CompletableFuture<List<AppendResult>> appendByKey(String stream, List<NewRecord> records) {
    MemoryStream target = stream(stream);
    validate(records);
    int count = target.partitions().length;
    List<List<NewRecord>> split = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      split.add(new ArrayList<>());
    }
    int unkeyed = Math.floorMod(target.roundRobin().getAndIncrement(), count);
    for (NewRecord record : records) {
      int p = record.key() == null ? unkeyed : KeyPartitioner.partition(record.key(), count);
      split.get(p).add(record);
    }
    long now = clock.millis();
    List<AppendResult> results = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      if (!split.get(p).isEmpty()) {
        results.add(target.partitions()[p].append(split.get(p), now));
      }
    }
    return CompletableFuture.completedFuture(List.copyOf(results));
  }

  @Override
  public ReadResult read(String stream, int partition, long offset, int maxBytes) {
    return partition(stream(stream), partition).read(offset, maxBytes);
  }

  @Override
  public ReadResult poll(String stream, int partition, long offset, int maxBytes, Duration maxWait)
      throws InterruptedException {
    MemoryPartition target = partition(stream(stream), partition);
    if (offset == target.end()) {
      CompletableFuture<Long> arrived = target.awaitDurable(offset);
      try {
        arrived.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        arrived.cancel(false);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    }
    return target.read(offset, maxBytes);
  }

  @Override
  public long offsetForTime(String stream, int partition, long timestamp) {
    return partition(stream(stream), partition).offsetForTime(timestamp);
  }

  @Override
  public CompletableFuture<Long> awaitDurable(String stream, int partition, long offset) {
    return partition(stream(stream), partition).awaitDurable(offset);
  }

  @Override
  public PartitionInfo partition(String stream, int partition) {
    return partition(stream(stream), partition).info();
  }

  /** Keeps every record: an in-memory log has no segments to delete. */
  @Override
  public void enforceRetention() {
    checkOpen();
  }

  @Override
  public Optional<LogFailedException> failure() {
    return Optional.empty();
  }

  @Override
  public RecoveryReport recoveryReport() {
    return new RecoveryReport(List.of());
  }

  /** Fails waiting {@link #awaitDurable} futures; every later call throws. Idempotent. */
  @Override
  public void close() {
    List<MemoryStream> all;
    synchronized (this) {
      closed = true;
      all = List.copyOf(streams.values());
    }
    all.forEach(s -> Arrays.stream(s.partitions()).forEach(MemoryPartition::close));
  }

  private synchronized MemoryStream stream(String name) {
    checkOpen();
    MemoryStream stream = streams.get(name);
    if (stream == null) {
      StreamConfig.validateName(name);
      throw new UnknownStreamException(name);
    }
    return stream;
  }

  private static MemoryPartition partition(MemoryStream stream, int partition) {
    MemoryPartition[] partitions = stream.partitions();
    if (partition < 0 || partition >= partitions.length) {
      throw new UnknownPartitionException(stream.config().name(), partition, partitions.length);
    }
    return partitions[partition];
  }

  private void validate(List<NewRecord> records) {
    long batch = 0;
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

  private void checkOpen() {
    if (closed) {
      throw new LogClosedException();
    }
  }

  private static StreamInfo info(MemoryStream stream) {
    return new StreamInfo(
        stream.config(), Arrays.stream(stream.partitions()).map(MemoryPartition::info).toList());
  }
}
