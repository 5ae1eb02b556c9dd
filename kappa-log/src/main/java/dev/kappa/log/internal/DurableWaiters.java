package dev.kappa.log.internal;

import dev.kappa.log.LogClosedException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

/**
 * Futures waiting for a partition's durable end to pass an offset, completed by the flush task. A
 * waiter that is cancelled (for example by a timed-out poll) is removed at the next advance.
 *
 * <p>Thread-safe.
 */
final class DurableWaiters {

  private record Waiter(long offset, CompletableFuture<Long> future) {}

  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

  /** Completes when the durable end is past {@code offset}. */
  CompletableFuture<Long> await(long offset, LongSupplier durableEnd) {
    long now = durableEnd.getAsLong();
    if (now > offset) {
      return CompletableFuture.completedFuture(now);
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    waiters.add(new Waiter(offset, future));
    future.whenComplete(
        (v, e) -> {
          if (future.isCancelled()) {
            waiters.removeIf(w -> w.future() == future);
          }
        });
    // The end may have moved between the first look and the registration.
    long after = durableEnd.getAsLong();
    if (after > offset) {
      future.complete(after);
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

  /** Fails every waiter: after fail-stop no new record will become durable. */
  void failAll(RuntimeException failure) {
    for (Waiter w : waiters) {
      w.future().completeExceptionally(failure);
    }
    waiters.clear();
  }

  void closeAll() {
    for (Waiter w : waiters) {
      w.future().completeExceptionally(new LogClosedException());
    }
    waiters.clear();
  }
}
