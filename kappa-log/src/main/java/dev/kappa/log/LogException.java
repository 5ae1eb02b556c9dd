package dev.kappa.log;

/**
 * Base of every error the log reports. Each subtype has a stable {@link #code()} that the server
 * maps to an HTTP status and clients can match on.
 */
public abstract sealed class LogException extends RuntimeException
    permits InvalidStreamNameException,
        StreamExistsException,
        UnknownStreamException,
        UnknownPartitionException,
        RecordTooLargeException,
        OffsetOutOfRangeException,
        CorruptLogException,
        LogFailedException,
        LogLockedException,
        LogClosedException,
        LogIOException {

  private final String code;

  LogException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A stable, machine-readable error code such as {@code unknown_stream}. */
  public String code() {
    return code;
  }
}
