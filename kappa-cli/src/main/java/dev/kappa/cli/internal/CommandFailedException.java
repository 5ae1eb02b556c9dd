package dev.kappa.cli.internal;

/**
 * A command could not do its job for a reason the user can act on; its message is printed as {@code
 * kappa: <message>} without a stack trace.
 */
final class CommandFailedException extends RuntimeException {

  private final int exitCode;

  CommandFailedException(String message) {
    this(message, CliErrors.FAILED, null);
  }

  CommandFailedException(String message, Throwable cause) {
    this(message, CliErrors.FAILED, cause);
  }

  CommandFailedException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
