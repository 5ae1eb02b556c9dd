package dev.kappa.log.internal;

import dev.kappa.log.AppendResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A partition's group commit: the appends written but not yet acknowledged, the {@link
 * DurablePoint} and the flush task that moves it.
 *
 * <p>Appenders write their batch under the partition's write lock and {@link #enqueue} its
 * acknowledgement. One flush task per partition at a time fsyncs the active segment up to what was
 * written when its turn started, publishes the new durable point, then acknowledges, in offset
 * order, every pending append the fsync covered. Appenders arriving during an fsync share the next
 * one. An acknowledgement therefore always follows the fsync that covers it.
 *
 * <p><b>Fail-stop:</b> once {@link LogHealth} trips, the flush task fails every pending append and
 * every durability waiter with the log's failure, and never fsyncs again.
 *
 * <p><b>Thread-safety:</b> the pending queue and the running flag are guarded by the partition's
 * write lock, which this class shares; the durable point is volatile.
 */
final class GroupCommit {

  private record Pending(
      long endOffset, AppendResult result, CompletableFuture<AppendResult> future) {}

  private final ReentrantLock writeLock;
  private final Supplier<Segment> active;
  private final FileSync sync;
  private final LogHealth health;
  private final Executor flushExecutor;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>(); // guarded by writeLock
  private final DurableWaiters waiters = new DurableWaiters();
  private volatile DurablePoint durable;
  private boolean flushRunning; // guarded by writeLock

  GroupCommit(
      ReentrantLock writeLock,
      Supplier<Segment> active,
      FileSync sync,
      LogHealth health,
      Executor flushExecutor) {
    this.writeLock = writeLock;
    this.active = active;
    this.sync = sync;
    this.health = health;
    this.flushExecutor = flushExecutor;
    Segment segment = active.get();
    this.durable = new DurablePoint(segment.nextOffset(), segment, segment.size());
    health.onFailure(waiters::failAll);
  }

  DurablePoint durable() {
    return durable;
  }

  /**
   * Queues the acknowledgement of an append whose batch was just written; called under the write
   * lock. Returns true if the caller must {@link #start} the flush task once it released the lock.
   */
  boolean enqueue(AppendResult result, CompletableFuture<AppendResult> future) {
    pending.add(new Pending(result.lastOffset() + 1, result, future));
    boolean start = !flushRunning;
    flushRunning = true;
    return start;
  }

  void start() {
    flushExecutor.execute(this::flush);
  }

  /** Completes once the durable end is past {@code offset}; fails after fail-stop or close. */
  CompletableFuture<Long> awaitDurable(long offset) {
    if (health.failure() != null && offset >= durable.offset()) {
      return CompletableFuture.failedFuture(health.failure());
    }
    return waiters.await(offset, () -> durable.offset());
  }

  /**
   * Waits until no flush task runs, at most {@code max}: bounded because a callback that blocks on
   * the flush thread must not hang the caller (close) forever. Appends must already be refused.
   */
  void awaitIdle(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      writeLock.lock();
      try {
        if (!flushRunning) {
          return;
        }
      } finally {
        writeLock.unlock();
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** Fails every durability waiter, present and future, as closed. */
  void closeWaiters() {
    waiters.closeAll();
  }

  /**
   * Group commits until nothing is pending. One flush task per partition at a time, so
   * acknowledgements of a partition never overtake each other; callbacks on append futures run here
   * and must not block.
   */
  private void flush() {
    while (true) {
      Segment segment;
      long target;
      long position;
      writeLock.lock();
      try {
        if (health.failure() != null
            || active.get().nextOffset() == durable.offset() && pending.isEmpty()) {
          List<Pending> failed = drainPending(Long.MAX_VALUE);
          flushRunning = false;
          fail(failed);
          return;
        }
        segment = active.get();
        target = segment.nextOffset();
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
      durable = new DurablePoint(target, segment, position);
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
}
