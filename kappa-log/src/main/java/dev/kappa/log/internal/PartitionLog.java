package dev.kappa.log.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.LogOptions;
import dev.kappa.log.NewRecord;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import dev.kappa.log.RetentionPolicy;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition: an ordered run of {@link Segment}s, the last of which takes appends.
 *
 * <p><b>Group commit.</b> Appenders write their frames under {@link #writeLock} and queue a pending
 * acknowledgement. One flush task per partition at a time fsyncs the active segment up to what was
 * written when it started, then acknowledges every pending append that the fsync covered and
 * publishes the new {@link Durable} point. Appenders arriving during an fsync share the next one.
 *
 * <p><b>Visibility.</b> Reads and time lookups only look below the published durable point, so
 * nothing that could still be lost is ever served.
 *
 * <p><b>Thread-safety:</b> all public-facing methods are thread-safe.
 */
final class PartitionLog {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
  private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(30);

  private final String stream;
  private final int partition;
  private final Path directory;
  private final LogOptions options;
  private final FileSync sync;
  private final LogHealth health;
  private final Executor flushExecutor;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final RecordEncoder encoder = new RecordEncoder();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by writeLock
  private final DurableWaiters waiters = new DurableWaiters();
  private volatile Segment[] segments;
  private volatile Durable durable;
  private long lastAppendTime = Long.MIN_VALUE; // guarded by writeLock
  private boolean flushRunning; // guarded by writeLock
  private boolean closed; // guarded by writeLock
  private RecoveryCheckpoint lastCheckpoint;

  /**
   * Everything below {@code offset} (bytes below {@code position} of {@code segment}) is fsynced.
   */
  record Durable(long offset, Segment segment, long position) {}

  private record Pending(
      long endOffset, AppendResult result, CompletableFuture<AppendResult> future) {}

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
    this.flushExecutor = flushExecutor;
    this.segments = loaded.toArray(Segment[]::new);
    Segment active = active();
    this.durable = new Durable(active.nextOffset(), active, active.size());
    this.lastAppendTime = active.lastAppendTime();
    health.onFailure(waiters::failAll);
  }

  int partition() {
    return partition;
  }

  private Segment active() {
    Segment[] s = segments;
    return s[s.length - 1];
  }

  /**
   * Appends records that the caller already validated, as one frame, so that after a crash they are
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
      pending.add(new Pending(result.lastOffset() + 1, result, future));
      startFlush = !flushRunning;
      flushRunning = true;
    } finally {
      writeLock.unlock();
    }
    if (startFlush) {
      flushExecutor.execute(this::flush);
    }
    return future;
  }

  /** Seals {@code old} and starts the next segment; called under the write lock. */
  private Segment roll(Segment old) {
    try {
      old.channel().force(sync);
    } catch (IOException e) {
      throw health.fail("an fsync of " + old.file(), e);
    }
    writeIndexesQuietly(old, old.size());
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
    try {
      Uninterruptibly.run(
          () -> writeCheckpoint(new RecoveryCheckpoint(next.baseOffset(), 0, next.nextOffset())));
    } catch (IOException e) {
      LOG.warn("{}/{}: could not write a recovery checkpoint: {}", stream, partition, e.toString());
    }
    return next;
  }

  /** Indexes are caches that recovery rebuilds, so failing to write one is not a log failure. */
  private void writeIndexesQuietly(Segment segment, long coveredBytes) {
    try {
      Uninterruptibly.run(() -> segment.writeIndexes(coveredBytes));
    } catch (IOException e) {
      LOG.warn(
          "{}/{}: could not write the indexes of {}: {}",
          stream,
          partition,
          segment.file(),
          e.toString());
    }
  }

  /**
   * Group commits until nothing is pending: each turn fsyncs the active segment up to what is
   * written when it starts, publishes the durable point and acknowledges, in offset order, the
   * appends it covers. One flush task per partition at a time, so acknowledgements of a partition
   * never overtake each other; callbacks on append futures run here and must not block.
   */
  private void flush() {
    while (true) {
      Segment segment;
      long target;
      long position;
      writeLock.lock();
      try {
        if (health.failure() != null || target(active()) == durable.offset() && pending.isEmpty()) {
          List<Pending> failed = drainPending(Long.MAX_VALUE);
          flushRunning = false;
          fail(failed);
          return;
        }
        segment = active();
        target = target(segment);
        position = segment.size();
      } finally {
        writeLock.unlock();
      }
      try {
        segment.channel().force(sync);
      } catch (IOException e) {
        health.fail("an fsync of " + segment.file(), e);
        continue; // the next turn fails every pending append
      }
      durable = new Durable(target, segment, position);
      List<Pending> done;
      writeLock.lock();
      try {
        done = drainPending(target);
      } finally {
        writeLock.unlock();
      }
      for (Pending p : done) {
        p.future().complete(p.result());
      }
      waiters.advance(target);
    }
  }

  private static long target(Segment segment) {
    return segment.nextOffset();
  }

  /** Removes the pending appends ending at or below {@code offset}; called under the write lock. */
  private List<Pending> drainPending(long offset) {
    List<Pending> drained = new ArrayList<>();
    while (!pending.isEmpty() && pending.peek().endOffset() <= offset) {
      drained.add(pending.poll());
    }
    return drained;
  }

  private void fail(List<Pending> failed) {
    for (Pending p : failed) {
      p.future().completeExceptionally(health.failure());
    }
  }

  ReadResult read(long offset, int maxBytes) {
    Durable d = durable;
    Segment[] s = segments;
    checkReadable(offset, s[0].baseOffset(), d.offset());
    if (offset == d.offset()) {
      return FrameRecords.empty(partition, offset);
    }
    Segment segment = floorSegment(s, offset);
    long limit = segment == d.segment() ? d.position() : segment.size();
    try {
      return FrameReader.read(segment, partition, offset, limit, maxBytes);
    } catch (ClosedChannelException e) {
      // Retention deleted the segment while we read it.
      checkReadable(offset, segments[0].baseOffset(), durable.offset());
      throw new IllegalStateException("segment closed under a read at offset " + offset, e);
    } catch (IOException e) {
      throw new dev.kappa.log.LogIOException("cannot read " + segment.file(), e);
    }
  }

  private void checkReadable(long offset, long start, long durableEnd) {
    if (offset < start || offset > durableEnd) {
      throw new OffsetOutOfRangeException(stream, partition, offset, start, durableEnd);
    }
  }

  private static Segment floorSegment(Segment[] s, long offset) {
    int lo = 0;
    int hi = s.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (s[mid].baseOffset() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return s[lo];
  }

  long offsetForTime(long timestamp) {
    Durable d = durable;
    for (Segment segment : segments) {
      if (segment.baseOffset() >= d.offset()) {
        break;
      }
      int from = segment.timeScanStart(timestamp);
      if (from < 0) {
        continue;
      }
      long limit = segment == d.segment() ? d.position() : segment.size();
      try {
        long found = FrameReader.firstAtOrAfter(segment, from, limit, timestamp);
        if (found >= 0) {
          return found;
        }
      } catch (IOException e) {
        throw new dev.kappa.log.LogIOException("cannot read " + segment.file(), e);
      }
    }
    return d.offset();
  }

  CompletableFuture<Long> awaitDurable(long offset) {
    if (health.failure() != null && offset >= durable.offset()) {
      return CompletableFuture.failedFuture(health.failure());
    }
    return waiters.await(offset, () -> durable.offset());
  }

  long durableEnd() {
    return durable.offset();
  }

  PartitionInfo info() {
    Segment[] s = segments;
    long size = 0;
    for (Segment segment : s) {
      size += segment.size();
    }
    return new PartitionInfo(
        partition,
        s[0].baseOffset(),
        s[s.length - 1].nextOffset(),
        durable.offset(),
        size,
        s.length);
  }

  /** Deletes the oldest segments that {@code policy} lets go; never the active one. */
  void enforceRetention(RetentionPolicy policy, long now) {
    if (policy.isForever()) {
      return;
    }
    Segment[] dropped;
    writeLock.lock();
    try {
      Segment[] s = segments;
      long total = 0;
      for (Segment segment : s) {
        total += segment.size();
      }
      int drop = 0;
      // Never the active segment, nor the durable point's: a flush may still be fsyncing it.
      Segment keep = durable.segment();
      while (drop < s.length - 1 && s[drop] != keep) {
        Segment oldest = s[drop];
        boolean tooOld =
            policy.maxAge() != null && oldest.lastAppendTime() < now - policy.maxAge().toMillis();
        boolean tooBig = policy.maxBytes() > 0 && total - oldest.size() >= policy.maxBytes();
        if (!tooOld && !tooBig) {
          break;
        }
        total -= oldest.size();
        drop++;
      }
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
    Durable d = durable;
    RecoveryCheckpoint next =
        new RecoveryCheckpoint(d.segment().baseOffset(), d.position(), d.offset());
    if (next.equals(lastCheckpoint) || health.failure() != null) {
      return;
    }
    writeIndexesQuietly(d.segment(), d.position());
    try {
      writeCheckpoint(next);
    } catch (IOException e) {
      LOG.warn("{}/{}: could not write a recovery checkpoint: {}", stream, partition, e.toString());
    }
  }

  private synchronized void writeCheckpoint(RecoveryCheckpoint checkpoint) throws IOException {
    checkpoint.write(directory);
    lastCheckpoint = checkpoint;
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
    // Bounded: a callback that blocks on the flush thread must not hang close() forever.
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      writeLock.lock();
      try {
        if (!flushRunning) {
          break;
        }
      } finally {
        writeLock.unlock();
      }
      Thread.onSpinWait();
      Thread.yield();
    }
    checkpoint();
    waiters.closeAll();
    for (Segment segment : segments) {
      try {
        segment.close();
      } catch (IOException e) {
        LOG.warn("{}/{}: closing {}: {}", stream, partition, segment.file(), e.toString());
      }
    }
  }
}
