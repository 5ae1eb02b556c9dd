package dev.kappa.log.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.NewRecord;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadBuffer;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition: an ordered run of {@link Segment}s, the last of which (the active one) takes
 * appends. This class writes batches and rolls segments under {@link #writeLock}; {@link
 * GroupCommit} makes them durable and acknowledges them, {@link PartitionReader} serves reads below
 * the durable point, {@link RetentionPlan} picks segments to delete and {@link
 * PartitionCheckpoints} writes the recovery checkpoint and indexes.
 *
 * <p><b>Invariants:</b> segments are contiguous in offsets; only the active one grows; the segment
 * array is replaced whole (copy on write) under the write lock, so readers see a consistent
 * snapshot; append times never decrease.
 *
 * <p><b>Thread-safety:</b> all methods are thread-safe.
 */
final class PartitionLog {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final String stream;
  private final int partition;
  private final Path directory;
  private final LogOptions options;
  private final FileSync sync;
  private final LogHealth health;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final RecordEncoder encoder = new RecordEncoder();
  private final GroupCommit commit;
  private final PartitionReader reader;
  private final PartitionCheckpoints checkpoints;
  private volatile Segment[] segments;
  private long lastAppendTime; // guarded by writeLock
  private boolean closed; // guarded by writeLock

  PartitionLog(
      String stream,
      int partition,
      Path directory,
      List<Segment> loaded,
      LogOptions options,
      FileSync sync,
      LogHealth health,
      Executor flushExecutor) {
    this.stream = stream;
    this.partition = partition;
    this.directory = directory;
    this.options = options;
    this.sync = sync;
    this.health = health;
    this.segments = loaded.toArray(Segment[]::new);
    // From every segment, not just the active one: after recovery cut a new segment's only batch
    // the active segment is empty, and append times must still never decrease.
    this.lastAppendTime =
        Arrays.stream(segments).mapToLong(Segment::lastAppendTime).max().orElseThrow();
    this.commit = new GroupCommit(writeLock, this::active, sync, health, flushExecutor);
    this.reader = new PartitionReader(stream, partition, () -> segments, commit::durable);
    this.checkpoints = new PartitionCheckpoints(directory, stream + "/" + partition);
  }

  int partition() {
    return partition;
  }

  private Segment active() {
    Segment[] s = segments;
    return s[s.length - 1];
  }

  /**
   * Appends records that the caller already validated, as one batch, so that after a crash they are
   * either all there or none; see {@code Log#append}. Storage failures fail the future.
   */
  CompletableFuture<AppendResult> append(List<NewRecord> records) {
    CompletableFuture<AppendResult> future = new CompletableFuture<>();
    boolean startFlush;
    writeLock.lock();
    try {
      if (closed) {
        throw new LogClosedException();
      }
      if (health.failure() != null) {
        return CompletableFuture.failedFuture(health.failure());
      }
      long appendTime = Math.max(options.clock().millis(), lastAppendTime);
      lastAppendTime = appendTime;
      long baseOffset = active().nextOffset();
      if (records.isEmpty()) {
        return CompletableFuture.completedFuture(
            new AppendResult(stream, partition, baseOffset, 0, appendTime));
      }
      RecordEncoder.EncodedBatch batch = encoder.encode(records, baseOffset, appendTime);
      Segment segment = active();
      try {
        if (segment.size() > 0
            && segment.size() + batch.frame().remaining() > options.segmentBytes()) {
          segment = roll(segment);
        }
        segment.append(batch, appendTime);
      } catch (LogFailedException e) {
        return CompletableFuture.failedFuture(e);
      } catch (IOException e) {
        return CompletableFuture.failedFuture(health.fail("a write to " + segment.file(), e));
      } finally {
        encoder.release();
      }
      AppendResult result =
          new AppendResult(stream, partition, baseOffset, records.size(), appendTime);
      startFlush = commit.enqueue(result, future);
    } finally {
      writeLock.unlock();
    }
    if (startFlush) {
      commit.start();
    }
    return future;
  }

  /**
   * Seals {@code old} (fsync, indexes) and starts the next segment, made durable in the directory
   * before anything is written to it; called under the write lock.
   *
   * @throws LogFailedException if the fsync or the new segment fails (fail-stop)
   */
  private Segment roll(Segment old) {
    try {
      old.channel().force(sync);
    } catch (IOException e) {
      throw health.fail("an fsync of " + old.file(), e);
    }
    checkpoints.writeIndexesQuietly(old, old.size());
    Segment next;
    try {
      // Rolls run on an appender's thread, whose interrupt must not count as a storage failure.
      next =
          Uninterruptibly.call(
              () -> Segment.create(directory, old.nextOffset(), options.indexIntervalBytes()));
      Uninterruptibly.run(() -> sync.forceDirectory(directory));
    } catch (IOException e) {
      throw health.fail("creating the segment after " + old.file(), e);
    }
    Segment[] s = segments;
    Segment[] grown = Arrays.copyOf(s, s.length + 1);
    grown[s.length] = next;
    segments = grown;
    checkpoints.writeQuietly(new RecoveryCheckpoint(next.baseOffset(), 0, next.nextOffset()));
    return next;
  }

  ReadResult read(long offset, int maxBytes, ReadBuffer buffer) {
    return reader.read(offset, maxBytes, buffer);
  }

  long offsetForTime(long timestamp) {
    return reader.offsetForTime(timestamp);
  }

  CompletableFuture<Long> awaitDurable(long offset) {
    return commit.awaitDurable(offset);
  }

  long durableEnd() {
    return commit.durable().offset();
  }

  PartitionInfo info() {
    Segment[] s = segments;
    long size = 0;
    for (Segment segment : s) {
      size += segment.size();
    }
    return new PartitionInfo(
        partition, s[0].baseOffset(), s[s.length - 1].nextOffset(), durableEnd(), size, s.length);
  }

  /** Deletes the oldest segments that {@code policy} lets go; see {@link RetentionPlan}. */
  void enforceRetention(RetentionPolicy policy, long now) {
    if (policy.isForever()) {
      return;
    }
    Segment[] dropped;
    writeLock.lock();
    try {
      Segment[] s = segments;
      int drop = RetentionPlan.segmentsToDrop(s, commit.durable().segment(), policy, now);
      dropped = Arrays.copyOf(s, drop);
      segments = Arrays.copyOfRange(s, drop, s.length);
    } finally {
      writeLock.unlock();
    }
    for (Segment segment : dropped) {
      try {
        segment.delete();
        LOG.info("{}/{}: retention deleted segment {}", stream, partition, segment.file());
      } catch (IOException e) {
        LOG.warn("{}/{}: could not delete {}: {}", stream, partition, segment.file(), e.toString());
      }
    }
  }

  /** Writes index files and a recovery checkpoint at the durable point, if it moved. */
  void checkpoint() {
    if (health.failure() == null) {
      checkpoints.checkpointAt(commit.durable());
    }
  }

  /** Closes the segment files without flushing or checkpointing: for a log that failed to open. */
  void closeFiles() {
    PartitionLoader.closeQuietly(Arrays.asList(segments));
  }

  /** Stops appends, waits for pending ones to become durable, checkpoints and closes files. */
  void close() {
    writeLock.lock();
    try {
      closed = true;
    } finally {
      writeLock.unlock();
    }
    commit.awaitIdle(CLOSE_WAIT);
    checkpoint();
    commit.closeWaiters();
    for (Segment segment : segments) {
      try {
        segment.close();
      } catch (IOException e) {
        LOG.warn("{}/{}: closing {}: {}", stream, partition, segment.file(), e.toString());
      }
    }
  }
}
