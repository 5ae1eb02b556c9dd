package dev.kappa.server.internal.deploy;

/** What a {@link DeploymentEvent} records. */
public enum Action {
  /** A version was deployed: a new build starts beside the one serving. */
  DEPLOY,
  /** A version is rebuilt from a given point: a new build of it starts. */
  REPLAY,
  /** A temporary build of a version, as of a past time: it stops there and never serves. */
  AS_OF,
  /** A build started serving, taking over from another (automatically or by hand). */
  PROMOTE,
  /** Serving went back to the build that served before. */
  ROLLBACK,
  /** A build stopped; its state is kept for the grace period. */
  RETIRE,
  /** A build's state was deleted: a retired build after its grace period, or a dropped one. */
  DELETE
}
