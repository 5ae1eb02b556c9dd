package dev.kappa.log;

/** Use of a log after {@link Log#close()}. */
public final class LogClosedException extends LogException {

  public LogClosedException() {
    super("log_closed", "the log is closed", null);
  }
}
