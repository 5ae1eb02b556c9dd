package dev.kappa.engine;

import dev.kappa.log.Log;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for running views to commit everything the log holds. Stateless. */
final class CatchUp {

  private CatchUp() {}

  /**
   * Waits until {@code view}'s committed state includes every record durable in {@link
   * Input#STREAM} when this is called.
   *
   * @throws AssertionError if it takes longer than {@code limit} or the view stops first
   */
  static void await(Log log, RunningView<?, ?> view, Duration limit) {
    int partitions = log.describeStream(Input.STREAM).partitions().size();
    long deadline = System.nanoTime() + limit.toNanos();
    for (int p = 0; p < partitions; p++) {
      long end = log.partition(Input.STREAM, p).durableEnd();
      if (end == 0) {
        continue;
      }
      try {
        view.awaitCommitted(Input.STREAM, p, end - 1)
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(
            view.view().id()
                + " did not commit partition "
                + p
                + " to "
                + end
                + " in "
                + limit
                + "; status "
                + view.status(),
            e);
      } catch (ExecutionException e) {
        throw new AssertionError(view.view().id() + " stopped: " + view.status(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
