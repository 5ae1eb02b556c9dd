package dev.kappa.server.internal.deploy;

/**
 * A deployment action that cannot be done in the view's current state, or names something that does
 * not exist. Nothing was recorded or changed.
 */
public final class DeployRefusedException extends RuntimeException {

  /** Why, one to one with the HTTP error codes. */
  public enum Reason {
    UNKNOWN_VIEW,
    UNKNOWN_VERSION,
    UNKNOWN_BUILD,
    INVALID_POSITION,
    DEPLOYMENT_IN_PROGRESS,
    VERSION_SERVING,
    NOT_CAUGHT_UP,
    NOTHING_TO_ROLL_BACK,
    DEFINITION_CHANGED,
    BUILD_NOT_RUNNING
  }

  private final Reason reason;

  public DeployRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
