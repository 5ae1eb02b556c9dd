package dev.kappa.bench.internal;

import dev.kappa.engine.RunningView;
import dev.kappa.engine.ViewStatus;
import dev.kappa.log.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for a view run to have caught up with a stream's durable end. */
final class CaughtUp {

  private CaughtUp() {}

  /**
   * Completes once {@code running}'s committed offsets reach the durable end, as it is now, of
   * every partition of {@code stream}.
   */
  static CompletableFuture<Void> future(Log log, RunningView<?, ?> running, String stream) {
    int partitions = log.describeStream(stream).partitions().size();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      long end = log.partition(stream, p).durableEnd();
      if (end > 0) {
        done.add(running.awaitCommitted(stream, p, end - 1));
      }
    }
    return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
  }

  /**
   * Waits until {@code running} has caught up with {@code stream}, as {@link #future} does.
   *
   * @throws IllegalStateException if it did not within 30 minutes, or failed
   */
  static void await(Log log, RunningView<?, ?> running, String stream) throws InterruptedException {
    try {
      future(log, running, stream).get(30, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("view did not catch up: " + running.status(), e);
    }
    ViewStatus status = running.status();
    if (status.state() != ViewStatus.State.RUNNING) {
      throw new IllegalStateException("view failed: " + status.error());
    }
  }
}
