package dev.kappa.engine;

/**
 * A read of a view's state after its run released the state store (it was stopped and removed from
 * its engine). The state is not lost: it is on disk, and a new run of the view reads it again.
 */
public final class ViewStateClosedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public ViewStateClosedException(String message) {
    super(message);
  }
}
