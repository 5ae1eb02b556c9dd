package dev.kappa.server.internal.ingest;

import java.util.List;

/**
 * A request to append events to a stream.
 *
 * @param stream the target stream
 * @param events the events, in order
 * @param idempotencyKey the {@code Idempotency-Key} header for the whole batch, or null
 * @param deadLetterInvalid true for {@code ?onInvalid=deadletter}: invalid events go to {@code
 *     <stream>.deadletter} and valid ones are appended; false rejects the whole batch
 */
public record IngestRequest(
    String stream, List<IncomingEvent> events, String idempotencyKey, boolean deadLetterInvalid) {

  public IngestRequest {
    events = List.copyOf(events);
  }
}
