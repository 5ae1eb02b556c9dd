package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Log;
import dev.kappa.log.StreamInfo;
import dev.kappa.server.internal.catalog.StreamCatalog;
import dev.kappa.server.internal.catalog.StreamSpec;
import io.javalin.http.Context;

/** {@code GET /streams}, {@code PUT /streams/{stream}} and {@code GET /streams/{stream}}. */
public final class StreamHandlers {

  private final Log log;
  private final StreamCatalog catalog;
  private final JsonBodies bodies;
  private final JsonCodec json;
  private final StreamJson streamJson;

  public StreamHandlers(Log log, StreamCatalog catalog, JsonBodies bodies, JsonCodec json) {
    this.log = log;
    this.catalog = catalog;
    this.bodies = bodies;
    this.json = json;
    this.streamJson = new StreamJson(json);
  }

  public void list(Context ctx) {
    ObjectNode body = json.object();
    ArrayNode streams = body.putArray("streams");
    for (StreamInfo info : log.listStreams()) {
      streams.add(
          streamJson.summary(info, catalog.model(info.name()), catalog.latest(info.name())));
    }
    Responses.json(ctx, 200, json, body);
  }

  public void put(Context ctx) {
    String name = StreamNames.forWrite(ctx.pathParam("stream"));
    if (!log.hasStream(name)) {
      StreamNames.forCreate(name);
    }
    JsonNode body = bodies.optional(ctx);
    StreamCatalog.PutResult result = catalog.put(name, StreamSpec.parse(body));
    ObjectNode answer = describe(name);
    if (result.schemaVersion() != null) {
      answer.set("schemaVersion", streamJson.version(result.schemaVersion()));
    }
    Responses.json(ctx, result.created() ? 201 : 200, json, answer);
  }

  public void get(Context ctx) {
    String name = StreamNames.forRead(ctx.pathParam("stream"));
    Responses.json(ctx, 200, json, describe(name));
  }

  private ObjectNode describe(String name) {
    return streamJson.detail(catalog.describe(name), catalog.model(name), catalog.latest(name));
  }
}
