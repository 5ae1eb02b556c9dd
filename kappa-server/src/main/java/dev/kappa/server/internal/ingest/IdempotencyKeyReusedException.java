package dev.kappa.server.internal.ingest;

/**
 * An {@code Idempotency-Key} seen within the idempotency window arrived with a different request
 * body: it is not a retry, and nothing of it was appended. A retry must resend the same events in
 * the same order; a new request needs a new key.
 */
public final class IdempotencyKeyReusedException extends RuntimeException {

  private final String idempotencyKey;

  public IdempotencyKeyReusedException(String idempotencyKey) {
    super(
        "Idempotency-Key '"
            + idempotencyKey
            + "' was already used for a request with a different body; a retry must resend the"
            + " same events in the same order, and a new request needs a new key; nothing was"
            + " appended");
    this.idempotencyKey = idempotencyKey;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }
}
