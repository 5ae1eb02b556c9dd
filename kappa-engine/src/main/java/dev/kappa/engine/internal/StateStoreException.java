package dev.kappa.engine.internal;

/** A view's state store failed to read or write. */
public final class StateStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
