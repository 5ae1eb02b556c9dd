package dev.kappa.testkit;

import dev.kappa.log.AppendResult;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogRecord;
import dev.kappa.log.NewRecord;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.PartitionInfo;
import dev.kappa.log.ReadResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One partition of an {@link InMemoryLog}: its records at dense offsets from 0, each with the
 * encoded-size bound it counts for in reads, and the futures waiting for offsets to arrive. Every
 * record is durable once appended, so the durable end is the end offset.
 *
 * <p>Thread-safe: state is guarded by this object's monitor; futures complete outside it.
 */
final class MemoryPartition {

  /** A caller of {@code awaitDurable} waiting for the end to pass {@code offset}. */
  private record Waiter(long offset, CompletableFuture<Long> future) {}

  private final String stream;
  private final int partition;
  private final List<LogRecord> records = new ArrayList<>();
  private final List<Long> sizes = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long sizeBytes;
  private long lastAppendTime = Long.MIN_VALUE;
  private boolean closed;

  MemoryPartition(String stream, int partition) {
    this.stream = stream;
    this.partition = partition;
  }

  /** Appends already-validated records, copying their bytes, at {@code now} or later. */
  AppendResult append(List<NewRecord> batch, long now) {
    List<CompletableFuture<Long>> ready = new ArrayList<>();
    long end;
    AppendResult result;
    synchronized (this) {
      if (closed) {
        throw new LogClosedException();
      }
      long appendTime = Math.max(now, lastAppendTime);
      lastAppendTime = appendTime;
      long base = records.size();
      for (NewRecord r : batch) {
        long eventTime = r.eventTime() == NewRecord.NO_TIMESTAMP ? appendTime : r.eventTime();
        byte[] key = r.key() == null ? null : r.key().clone();
        records.add(
            new LogRecord(
                partition,
                records.size(),
                eventTime,
                appendTime,
                key,
                r.value().clone(),
                r.headers()));
        sizes.add(r.sizeUpperBound());
        sizeBytes += r.sizeUpperBound();
      }
      end = records.size();
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.offset() < end) {
          ready.add(w.future());
          it.remove();
        }
      }
      result = new AppendResult(stream, partition, base, batch.size(), appendTime);
    }
    ready.forEach(f -> f.complete(end));
    return result;
  }

  /** Records from {@code offset} while they fit in {@code maxBytes}, and at least one. */
  synchronized ReadResult read(long offset, int maxBytes) {
    long end = records.size();
    if (offset < 0 || offset > end) {
      throw new OffsetOutOfRangeException(stream, partition, offset, 0, end);
    }
    List<LogRecord> out = new ArrayList<>();
    long bytes = 0;
    for (long o = offset; o < end; o++) {
      long size = sizes.get((int) o);
      if (!out.isEmpty() && bytes + size > maxBytes) {
        break;
      }
      out.add(records.get((int) o));
      bytes += size;
    }
    return new MemoryReadResult(partition, offset, out, (int) Math.min(bytes, Integer.MAX_VALUE));
  }

  synchronized long end() {
    return records.size();
  }

  /** The first offset whose event time is at or after {@code timestamp}, or the end. */
  synchronized long offsetForTime(long timestamp) {
    for (int o = 0; o < records.size(); o++) {
      if (records.get(o).eventTime() >= timestamp) {
        return o;
      }
    }
    return records.size();
  }

  /** Completes with the end once the end is past {@code offset}. */
  synchronized CompletableFuture<Long> awaitDurable(long offset) {
    if (offset < records.size()) {
      return CompletableFuture.completedFuture((long) records.size());
    }
    if (closed) {
      return CompletableFuture.failedFuture(new LogClosedException());
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    waiters.add(new Waiter(offset, future));
    return future;
  }

  synchronized PartitionInfo info() {
    long end = records.size();
    return new PartitionInfo(partition, 0, end, end, sizeBytes, 1);
  }

  /** Refuses further appends and fails every waiter with {@link LogClosedException}. */
  void close() {
    List<Waiter> failed;
    synchronized (this) {
      closed = true;
      failed = new ArrayList<>(waiters);
      waiters.clear();
    }
    failed.forEach(w -> w.future().completeExceptionally(new LogClosedException()));
  }
}
