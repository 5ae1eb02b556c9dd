package dev.kappa.log.internal;

import dev.kappa.log.LogFailedException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The log-wide fail-stop switch. The first failed fsync or write trips it; from then on every
 * append fails. It never resets: after a failed fsync the page cache may have dropped the dirty
 * pages, so retrying could acknowledge data that is not on disk.
 *
 * <p>Thread-safe.
 */
final class LogHealth {

  private final AtomicReference<LogFailedException> failure = new AtomicReference<>();

  /** Trips the switch (first failure wins) and returns the failure to throw. */
  LogFailedException fail(String what, Throwable cause) {
    failure.compareAndSet(
        null,
        new LogFailedException(
            "the log stopped accepting writes after " + what + " failed: " + cause.getMessage(),
            cause));
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
