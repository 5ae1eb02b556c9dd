package dev.kappa.engine.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Writes a task's commits to its store, in the background when given an executor: one write at a
 * time (the next waits for the previous), so commits land in order while the task goes on
 * processing. Tracks the positions of the last commit the store has, which is what readers see.
 *
 * <p>Thread-safe: the task calls {@link #write} and {@link #await}; listeners run on the writing
 * thread.
 */
final class CommitWriter {

  private final StateStore store;
  private final Executor executor;
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
  private volatile long[] written;
  private volatile Runnable onWritten = () -> {};
  private volatile Consumer<RuntimeException> onFailed = e -> {};

  /**
   * @param executor where writes run, or null to write in {@link #write}
   * @param positions the next offsets the store already holds
   */
  CommitWriter(StateStore store, Executor executor, long[] positions) {
    this.store = store;
    this.executor = executor;
    this.written = positions.clone();
  }

  void onWritten(Runnable listener) {
    this.onWritten = listener;
  }

  void onFailed(Consumer<RuntimeException> listener) {
    this.onFailed = listener;
  }

  /** The next offset, at {@code index}, of the last commit the store has. */
  long written(int index) {
    return written[index];
  }

  /**
   * Writes {@code batch}, which holds {@code positions}, after the previous write, then {@link
   * StateBatch#release releases} it.
   */
  synchronized void write(StateBatch batch, long[] positions) {
    await();
    if (executor == null) {
      store.write(batch);
      batch.release();
      done(positions);
      return;
    }
    int priority = Thread.currentThread().getPriority(); // a catching-up view's writes yield too
    inFlight =
        CompletableFuture.runAsync(
            () -> {
              Thread.currentThread().setPriority(priority);
              try {
                store.write(batch);
              } catch (RuntimeException e) {
                onFailed.accept(e);
                throw e;
              }
              batch.release();
              done(positions);
            },
            executor);
  }

  private void done(long[] positions) {
    written = positions;
    onWritten.run();
  }

  /**
   * Waits for the last write.
   *
   * @throws StateStoreException if it failed: the store is behind the task, which must stop
   */
  synchronized void await() {
    try {
      inFlight.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
