package dev.kappa.log.internal;

import dev.kappa.log.LogFailedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The log-wide fail-stop switch. The first failed fsync or write trips it; from then on every
 * append fails. It never resets: after a failed fsync the page cache may have dropped the dirty
 * pages, so retrying could acknowledge data that is not on disk.
 *
 * <p>Thread-safe.
 */
final class LogHealth {

  private final AtomicReference<LogFailedException> failure = new AtomicReference<>();
  private final List<Consumer<LogFailedException>> listeners = new CopyOnWriteArrayList<>();

  /** Runs {@code listener} once when the switch trips (at once if it already has). */
  void onFailure(Consumer<LogFailedException> listener) {
    listeners.add(listener);
    LogFailedException e = failure.get();
    if (e != null) {
      listener.accept(e);
    }
  }

  /** Trips the switch (first failure wins), tells the listeners, returns the failure to throw. */
  LogFailedException fail(String what, Throwable cause) {
    boolean first =
        failure.compareAndSet(
            null,
            new LogFailedException(
                "the log stopped accepting writes after " + what + " failed: " + cause, cause));
    if (first) {
      for (Consumer<LogFailedException> listener : listeners) {
        listener.accept(failure.get());
      }
    }
    return failure.get();
  }

  /**
   * @throws LogFailedException if the switch was tripped
   */
  void checkWritable() {
    LogFailedException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  LogFailedException failure() {
    return failure.get();
  }
}
