package dev.kappa.server;

/**
 * The server's views could not be loaded, so it did not start: a view jar is missing or unreadable,
 * a view provider failed to load or threw, or two views share a name and version. The message names
 * the jar or the provider and what to do.
 */
public final class ViewLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ViewLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public ViewLoadException(String message) {
    super(message);
  }
}
