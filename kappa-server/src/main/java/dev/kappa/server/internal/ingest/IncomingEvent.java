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
 * @param parseError why the payload could not be parsed (malformed JSON in an NDJSON line), or null
 */
public record IncomingEvent(
    JsonNode json,
    byte[] raw,
    String contentType,
    Map<String, String> cloudEvent,
    String parseError) {

  public IncomingEvent {
    cloudEvent = Map.copyOf(cloudEvent);
  }

  public static IncomingEvent json(JsonNode json, byte[] raw) {
    return new IncomingEvent(json, raw, "application/json", Map.of(), null);
  }

  public static IncomingEvent unparseable(byte[] raw, String error) {
    return new IncomingEvent(null, raw, "application/json", Map.of(), error);
  }

  public boolean isCloudEvent() {
    return !cloudEvent.isEmpty();
  }
}
