package dev.kappa.server.internal.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One event as received, before validation, whatever its HTTP framing (plain JSON, an NDJSON line,
 * or a CloudEvent in structured, batch or binary mode).
 *
 * @param json the payload parsed as JSON (a CloudEvent's {@code data}), or null if it is not JSON
 * @param raw the payload's bytes as received (for schemaless streams and dead letters)
 * @param contentType the payload's media type, such as {@code application/json}
 * @param cloudEvent the CloudEvents context attributes ({@code id}, {@code source}, {@code type},
 *     {@code time}, extensions…) as strings, or an empty map for plain events
 * @param unreadable why the event could not be read (malformed JSON in an NDJSON line, a bad
 *     CloudEvents envelope in a batch), reported for this event only; or null
 */
public record IncomingEvent(
    JsonNode json,
    byte[] raw,
    String contentType,
    Map<String, String> cloudEvent,
    Unreadable unreadable) {

  /**
   * Why an event could not be read.
   *
   * @param code the per-event error code: {@code malformed_json} or {@code invalid_cloudevent}
   * @param message a sentence naming the problem
   */
  public record Unreadable(String code, String message) {

    public static Unreadable malformedJson(String message) {
      return message == null ? null : new Unreadable("malformed_json", message);
    }
  }

  public IncomingEvent {
    cloudEvent = Map.copyOf(cloudEvent);
  }

  public static IncomingEvent json(JsonNode json, byte[] raw) {
    return new IncomingEvent(json, raw, "application/json", Map.of(), null);
  }

  /** An NDJSON line that is not JSON. */
  public static IncomingEvent unparseable(byte[] raw, String error) {
    return new IncomingEvent(
        null, raw, "application/json", Map.of(), Unreadable.malformedJson(error));
  }

  /** A CloudEvents envelope (its JSON bytes) that is not a valid CloudEvent. */
  public static IncomingEvent invalidCloudEvent(byte[] raw, String contentType, String message) {
    return new IncomingEvent(
        null, raw, contentType, Map.of(), new Unreadable("invalid_cloudevent", message));
  }

  public boolean isCloudEvent() {
    return !cloudEvent.isEmpty();
  }
}
