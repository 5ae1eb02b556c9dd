package dev.kappa.log;

import java.io.IOException;

/** An I/O error outside the write path, such as failing to open or create a file. */
public final class LogIOException extends LogException {

  public LogIOException(String message, IOException cause) {
    super("log_io", message + ": " + cause.getMessage(), cause);
  }
}
