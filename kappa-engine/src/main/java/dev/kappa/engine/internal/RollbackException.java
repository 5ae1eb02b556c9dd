package dev.kappa.engine.internal;

/**
 * Thrown by {@link ViewTask#process} after an aggregation threw half-way through a record: the task
 * has dropped everything since its last commit, and the caller must feed records again from {@link
 * ViewTask#nextOffset}. The failing record is then sent to the error output.
 */
public final class RollbackException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RollbackException(String message, Throwable cause) {
    super(message, cause);
  }
}
