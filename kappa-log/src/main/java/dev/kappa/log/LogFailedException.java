package dev.kappa.log;

/**
 * The log stopped accepting writes after a failed fsync or write (fail-stop). The failure is never
 * retried: after a failed fsync the kernel may have dropped the dirty pages, so nothing written
 * since the last good fsync can be trusted. Reopen the log to recover.
 */
public final class LogFailedException extends LogException {

  public LogFailedException(String message, Throwable cause) {
    super("log_failed", message, cause);
  }
}
