package dev.kappa.server.internal.ingest;

/**
 * An ingest request holds more events than {@link IngestSettings#maxEventsPerRequest()}; nothing of
 * it was appended. Thrown as soon as the limit is passed, before the rest of the body is framed.
 */
public final class TooManyEventsException extends RuntimeException {

  private final int max;

  public TooManyEventsException(int max) {
    super(
        "the request holds more than "
            + max
            + " events, the most one request may hold (maxEventsPerRequest); nothing was appended;"
            + " send them in several requests");
    this.max = max;
  }

  /** The limit that was passed. */
  public int max() {
    return max;
  }
}
