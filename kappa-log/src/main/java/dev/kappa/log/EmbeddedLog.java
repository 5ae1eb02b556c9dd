package dev.kappa.log;

import dev.kappa.log.internal.DefaultLog;
import java.nio.file.Path;

/** Opens the embedded, single-process log that lives in one data directory. */
public final class EmbeddedLog {

  private EmbeddedLog() {}

  /**
   * Opens (creating if needed) the log in {@code options.directory()}, taking its writer lock and
   * recovering every partition. See {@link Log#recoveryReport()} for what was repaired.
   *
   * @throws LogLockedException if another process or log instance holds the directory
   * @throws CorruptLogException if durable data is damaged
   */
  public static Log open(LogOptions options) {
    return DefaultLog.open(options);
  }

  /** Opens the log in {@code directory} with default options. */
  public static Log open(Path directory) {
    return open(LogOptions.builder(directory).build());
  }
}
