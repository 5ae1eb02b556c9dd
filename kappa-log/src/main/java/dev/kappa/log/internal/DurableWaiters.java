package dev.kappa.log.internal;

import dev.kappa.log.LogClosedException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Futures waiting for a partition's durable end to pass an offset, completed by the flush task. A
 * waiter that is cancelled (for example by a timed-out poll) is removed at once. After fail-stop or
 * close every waiter, present and future, fails.
 *
 * <p>Thread-safe.
 */
final class DurableWaiters {

  private record Waiter(long offset, CompletableFuture<Long> future) {}

  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private volatile RuntimeException terminal;

  /** Completes when the durable end is past {@code offset}. */
  CompletableFuture<Long> await(long offset, LongSupplier durableEnd) {
    long now = durableEnd.getAsLong();
    if (now > offset) {
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    Waiter waiter = new Waiter(offset, future);
    waiters.add(waiter);
    future.whenComplete(
        (v, e) -> {
          if (future.isCancelled()) {
            waiters.remove(waiter);
          }
        });
    // The end may have moved, or the partition failed or closed, while we registered.
    long after = durableEnd.getAsLong();
    RuntimeException end = terminal;
    if (after > offset) {
      future.complete(after);
    } else if (end != null) {
      future.completeExceptionally(end);
    }
    return future;
  }

  void advance(long durableEnd) {
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (w.offset() < durableEnd || w.future().isDone()) {
        it.remove();
        w.future().complete(durableEnd);
      }
    }
  }

  /** Fails every waiter, now and later: after fail-stop or close no record becomes durable. */
  void failAll(RuntimeException failure) {
    terminal = failure;
    for (Waiter w; (w = waiters.poll()) != null; ) {
      w.future().completeExceptionally(failure);
    }
  }

  void closeAll() {
    failAll(new LogClosedException());
  }
}
