package dev.kappa.log;

import java.nio.file.Path;

/** Another writer holds the data directory's lock. */
public final class LogLockedException extends LogException {

  public LogLockedException(Path directory, String holder) {
    super(
        "log_locked",
        "data directory "
            + directory
            + " is locked by another writer ("
            + holder
            + "); stop it or use another --data directory",
        null);
  }
}
