package dev.kappa.server.internal.http;

import dev.kappa.server.internal.cloudevents.CloudEventReader;
import dev.kappa.server.internal.ingest.IncomingEvent;
import dev.kappa.server.internal.ingest.TooManyEventsException;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Turns an ingest request body into events, by its framing:
 *
 * <ul>
 *   <li>{@code application/json}: the whole body is one event (a top-level array is one event too,
 *       not a batch); malformed JSON fails the request;
 *   <li>{@code application/x-ndjson}: one event per non-blank line; a malformed line becomes an
 *       unparseable event, reported per event by the ingestor;
 *   <li>{@code application/cloudevents+json}, {@code application/cloudevents-batch+json}, and
 *       binary mode (any type, with {@code ce-*} headers): CloudEvents.
 * </ul>
 *
 * JSON limits fail the whole request in every framing, and so does holding more than {@code
 * maxEvents} events, noticed while framing so that a huge batch is not materialized first.
 * Thread-safe.
 */
public final class EventBodies {

  /** What the ingest endpoint accepts, for 415 answers and the OpenAPI document. */
  public static final List<String> ACCEPTED =
      List.of(
          MediaTypes.JSON,
          MediaTypes.NDJSON,
          MediaTypes.CLOUDEVENTS,
          MediaTypes.CLOUDEVENTS_BATCH,
          "any type with ce-specversion, ce-id, ce-source and ce-type headers (binary CloudEvent)");

  /** How a body is framed. */
  public enum Framing {
    JSON,
    NDJSON,
    CLOUDEVENT,
    CLOUDEVENT_BATCH,
    CLOUDEVENT_BINARY
  }

  private final JsonCodec json;
  private final CloudEventReader cloudEvents;
  private final int maxEvents;

  /**
   * @param maxEvents the most events one request may hold
   */
  public EventBodies(JsonCodec json, CloudEventReader cloudEvents, int maxEvents) {
    this.json = json;
    this.cloudEvents = cloudEvents;
    this.maxEvents = maxEvents;
  }

  /**
   * The framing the request's headers announce; decided before the body is read.
   *
   * @throws ApiException {@code unsupported_media_type}, listing the accepted types
   */
  public Framing framing(Context ctx) {
    String contentType = ctx.header("Content-Type");
    String type = MediaTypes.essence(contentType);
    if (type.equals(MediaTypes.CLOUDEVENTS)) {
      return Framing.CLOUDEVENT;
    }
    if (type.equals(MediaTypes.CLOUDEVENTS_BATCH)) {
      return Framing.CLOUDEVENT_BATCH;
    }
    if (CloudEventReader.isBinary(ctx::header)) {
      return Framing.CLOUDEVENT_BINARY;
    }
    return switch (type) {
      case MediaTypes.JSON -> Framing.JSON;
      case MediaTypes.NDJSON, "application/ndjson", "application/jsonl" -> Framing.NDJSON;
      default -> throw MediaTypes.unsupported(contentType, ACCEPTED);
    };
  }

  /**
   * The events in {@code body}, in order.
   *
   * @throws ApiException {@code malformed_json}, {@code json_limits} or {@code invalid_cloudevent}
   * @throws TooManyEventsException if the body holds more than {@code maxEvents} events
   */
  public List<IncomingEvent> events(Framing framing, Context ctx, byte[] body) {
    return switch (framing) {
      case JSON -> List.of(IncomingEvent.json(json.parse(body), body));
      case NDJSON -> ndjson(body);
      case CLOUDEVENT -> List.of(cloudEvents.structured(body));
      case CLOUDEVENT_BATCH -> cloudEvents.batch(body, maxEvents);
      case CLOUDEVENT_BINARY -> List.of(cloudEvents.binary(headers(ctx.req()), body));
    };
  }

  private List<IncomingEvent> ndjson(byte[] body) {
    List<IncomingEvent> events = new ArrayList<>();
    List<NdjsonLines.Line> lines = NdjsonLines.split(body, maxEvents + 1);
    if (lines.size() > maxEvents) {
      throw new TooManyEventsException(maxEvents);
    }
    for (NdjsonLines.Line line : lines) {
      JsonCodec.LineValue value = json.parseLine(line.bytes(), line.number());
      events.add(
          value.value() != null
              ? IncomingEvent.json(value.value(), line.bytes())
              : IncomingEvent.unparseable(line.bytes(), value.error()));
    }
    return events;
  }

  private static Consumer<BiConsumer<String, String>> headers(HttpServletRequest req) {
    return visitor -> {
      for (String name : Collections.list(req.getHeaderNames())) {
        visitor.accept(name, req.getHeader(name));
      }
    };
  }
}
