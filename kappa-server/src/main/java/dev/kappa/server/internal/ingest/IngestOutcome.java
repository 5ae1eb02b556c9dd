package dev.kappa.server.internal.ingest;

import java.util.List;

/** What happened to an ingest request: every event placed, or the batch rejected. */
public sealed interface IngestOutcome {

  /**
   * Every event is durable (or was already, for retries), or went to the dead-letter stream.
   *
   * @param placements one per event, in request order
   */
  record Accepted(List<Placement> placements) implements IngestOutcome {
    public Accepted {
      placements = List.copyOf(placements);
    }
  }

  /**
   * Nothing was appended because some events are invalid.
   *
   * @param errors one per invalid event
   */
  record Rejected(List<EventError> errors) implements IngestOutcome {
    public Rejected {
      errors = List.copyOf(errors);
    }
  }

  /**
   * Where one event went.
   *
   * @param index its position in the request
   * @param stream the stream it was appended to ({@code <stream>.deadletter} if dead-lettered)
   * @param partition the partition
   * @param offset its offset
   * @param duplicate true if it was seen before within the idempotency window and not appended
   *     again; the partition and offset are then the original ones
   */
  record Placement(int index, String stream, int partition, long offset, boolean duplicate) {}

  /**
   * Why one event is invalid.
   *
   * @param index its position in the request
   * @param code a stable code: {@code invalid_event}, {@code malformed_json}, {@code
   *     invalid_cloudevent}, {@code record_too_large}, {@code no_schema}
   * @param path the field path for schema mismatches (such as {@code $.price}), or null
   * @param message a sentence naming the problem
   */
  record EventError(int index, String code, String path, String message) {}
}
