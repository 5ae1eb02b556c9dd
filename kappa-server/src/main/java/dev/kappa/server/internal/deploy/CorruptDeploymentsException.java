package dev.kappa.server.internal.deploy;

/**
 * The deployment record on the log holds an event that does not decode or does not fit the state
 * before it: the server refuses to guess which build serves.
 */
public final class CorruptDeploymentsException extends RuntimeException {

  public CorruptDeploymentsException(long offset, String why, Throwable cause) {
    super(
        "the deployment record ("
            + DeploymentLog.STREAM
            + ") is corrupt at offset "
            + offset
            + ": "
            + why,
        cause);
  }
}
