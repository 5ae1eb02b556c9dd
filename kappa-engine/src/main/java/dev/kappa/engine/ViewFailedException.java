package dev.kappa.engine;

/**
 * A view stopped: its code threw and its policy is {@link ViewOptions.ErrorPolicy#FAIL}, or its
 * state or input failed.
 */
public final class ViewFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ViewFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
