package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Log;
import dev.kappa.log.UnknownStreamException;
import dev.kappa.server.internal.ingest.IncomingEvent;
import dev.kappa.server.internal.ingest.IngestOutcome;
import dev.kappa.server.internal.ingest.IngestOutcome.Accepted;
import dev.kappa.server.internal.ingest.IngestOutcome.EventError;
import dev.kappa.server.internal.ingest.IngestOutcome.Placement;
import dev.kappa.server.internal.ingest.IngestOutcome.Rejected;
import dev.kappa.server.internal.ingest.IngestRequest;
import dev.kappa.server.internal.ingest.Ingestor;
import dev.kappa.server.internal.metrics.ServerMetrics;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /streams/{stream}/events}: frames the body into events ({@link EventBodies}), hands
 * them to the {@link Ingestor} and answers only once it returns, that is once every event reported
 * as placed is durable.
 *
 * <p>Checks run cheapest first, so a bad request costs no body read: stream name, stream existence,
 * parameters, content type, then the body.
 */
public final class IngestHandler {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

  private final Log log;
  private final Ingestor ingestor;
  private final EventBodies bodies;
  private final RequestBodies requestBodies;
  private final JsonCodec json;
  private final ServerMetrics metrics;

  public IngestHandler(
      Log log,
      Ingestor ingestor,
      EventBodies bodies,
      RequestBodies requestBodies,
      JsonCodec json,
      ServerMetrics metrics) {
    this.log = log;
    this.ingestor = ingestor;
    this.bodies = bodies;
    this.requestBodies = requestBodies;
    this.json = json;
    this.metrics = metrics;
  }

  public void post(Context ctx) {
    try {
      ingest(ctx);
      metrics.ingestRequest(ctx.statusCode());
    } catch (RuntimeException e) {
      metrics.ingestRequest(ErrorResponses.statusOf(e));
      throw e;
    }
  }

  private void ingest(Context ctx) {
    String stream = StreamNames.forWrite(ctx.pathParam("stream"));
    if (!log.hasStream(stream)) {
      throw new UnknownStreamException(stream);
    }
    boolean deadLetter = deadLetterInvalid(ctx.queryParam("onInvalid"));
    String key = idempotencyKey(ctx.header(IDEMPOTENCY_KEY));
    EventBodies.Framing framing = bodies.framing(ctx);
    byte[] body = requestBodies.read(ctx);
    List<IncomingEvent> events = bodies.events(framing, ctx, body);
    if (events.isEmpty() && framing == EventBodies.Framing.CLOUDEVENT_BATCH) {
      // The CloudEvents batch format allows an empty batch: nothing to do, and nothing wrong.
      answer(ctx, stream, List.of());
      return;
    }
    if (events.isEmpty()) {
      throw ApiException.invalidRequest("the request holds no events");
    }
    IngestOutcome outcome = ingestor.ingest(new IngestRequest(stream, events, key, deadLetter));
    switch (outcome) {
      case Accepted accepted -> answer(ctx, stream, accepted.placements());
      case Rejected rejected -> {
        metrics.ingestEvents(stream, "rejected", events.size());
        throw rejection(rejected.errors(), events.size());
      }
    }
  }

  private static boolean deadLetterInvalid(String onInvalid) {
    if (onInvalid == null || onInvalid.equals("reject")) {
      return false;
    }
    if (onInvalid.equals("deadletter")) {
      return true;
    }
    throw ApiException.invalidRequest(
        "onInvalid must be 'reject' or 'deadletter', was '" + onInvalid + "'");
  }

  private static String idempotencyKey(String key) {
    if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw ApiException.invalidRequest(
          IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    return key;
  }

  /**
   * Writes the acknowledgement straight to JSON, without a tree: a batch has one entry per event,
   * and building a node per event cost more than the rest of the answer.
   */
  private void answer(Context ctx, String stream, List<Placement> placements) {
    int appended = 0;
    int duplicates = 0;
    int deadLettered = 0;
    Map<Integer, Long> after = new TreeMap<>();
    for (Placement p : placements) {
      if (p.stream().equals(stream)) {
        after.merge(p.partition(), p.offset() + 1, Math::max);
      }
      if (p.duplicate()) {
        duplicates++;
      } else if (p.stream().equals(stream)) {
        appended++;
      } else {
        deadLettered++;
      }
    }
    // Read-your-writes: a view query given this waits until the view includes these events.
    String position = new PositionToken(Map.of(stream, after)).format();
    int appendedCount = appended;
    int duplicateCount = duplicates;
    int deadLetteredCount = deadLettered;
    byte[] body =
        json.write(
            g -> {
              g.writeStartObject();
              g.writeStringField("stream", stream);
              g.writeArrayFieldStart("events");
              for (Placement p : placements) {
                g.writeStartObject();
                g.writeNumberField("index", p.index());
                g.writeStringField("stream", p.stream());
                g.writeNumberField("partition", p.partition());
                g.writeNumberField("offset", p.offset());
                g.writeBooleanField("duplicate", p.duplicate());
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeNumberField("appended", appendedCount);
              g.writeNumberField("duplicates", duplicateCount);
              g.writeNumberField("deadLettered", deadLetteredCount);
              g.writeStringField("position", position);
              g.writeEndObject();
            });
    metrics.ingestEvents(stream, "appended", appended);
    metrics.ingestEvents(stream, "duplicate", duplicates);
    metrics.ingestEvents(stream, "deadletter", deadLettered);
    Responses.json(ctx, 200, body);
  }

  private ApiException rejection(List<EventError> errors, int total) {
    ObjectNode details = json.object();
    ArrayNode list = details.putArray("events");
    for (EventError e : errors) {
      ObjectNode item = list.addObject().put("index", e.index()).put("code", e.code());
      if (e.path() == null) {
        item.putNull("path");
      } else {
        item.put("path", e.path());
      }
      item.put("message", e.message());
    }
    String first =
        errors.isEmpty()
            ? ""
            : "; first: #" + errors.getFirst().index() + ": " + errors.getFirst().message();
    return new ApiException(
        ErrorCode.INVALID_EVENTS,
        errors.size() + " of " + total + " events are invalid, so none was appended" + first,
        details,
        null);
  }
}
