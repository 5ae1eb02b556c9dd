package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Log;
import dev.kappa.log.UnknownStreamException;
import dev.kappa.schema.CompatibilityReport;
import dev.kappa.schema.InvalidSchemaException;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import dev.kappa.server.internal.catalog.AvroSchemas;
import dev.kappa.server.internal.catalog.EventTimeFields;
import io.javalin.http.Context;
import java.util.List;

/**
 * The schema endpoints under {@code /streams/{stream}/schemas}. Every one first requires the stream
 * to exist on the log ({@code unknown_stream}); the registry then answers for its versions.
 *
 * <p>A schema body is the Avro schema itself, or {@code {"schema": …}} holding it as an object or a
 * string. It is told apart by shape: an object whose only field is {@code schema} is a wrapper.
 */
public final class SchemaHandlers {

  private final Log log;
  private final SchemaRegistry registry;
  private final JsonBodies bodies;
  private final JsonCodec json;
  private final StreamJson streamJson;

  public SchemaHandlers(Log log, SchemaRegistry registry, JsonBodies bodies, JsonCodec json) {
    this.log = log;
    this.registry = registry;
    this.bodies = bodies;
    this.json = json;
    this.streamJson = new StreamJson(json);
  }

  /** {@code POST}: 201 with the new version, 200 if the schema equals an existing version. */
  public void register(Context ctx) {
    String stream = existing(StreamNames.forWrite(ctx.pathParam("stream")));
    String text = schemaText(bodies.required(ctx));
    registry
        .model(stream)
        .map(StreamModel::eventTimeField)
        .ifPresent(field -> EventTimeFields.check(field, AvroSchemas.checkIsRecord(text)));
    List<Integer> before = registry.versions(stream).stream().map(SchemaVersion::id).toList();
    SchemaVersion version = registry.register(stream, text);
    Responses.json(
        ctx, before.contains(version.id()) ? 200 : 201, json, streamJson.version(version));
  }

  public void list(Context ctx) {
    String stream = existing(StreamNames.forRead(ctx.pathParam("stream")));
    ObjectNode body = json.object().put("stream", stream);
    ArrayNode versions = body.putArray("versions");
    registry.versions(stream).forEach(v -> versions.add(streamJson.version(v)));
    Responses.json(ctx, 200, json, body);
  }

  /** One version by number, or {@code latest}. */
  public void get(Context ctx) {
    String stream = existing(StreamNames.forRead(ctx.pathParam("stream")));
    String version = ctx.pathParam("version");
    SchemaVersion found =
        version.equals("latest")
            ? registry
                .latest(stream)
                .orElseThrow(
                    () ->
                        new ApiException(
                            ErrorCode.UNKNOWN_SCHEMA, "stream '" + stream + "' has no schema yet"))
            : registry.version(stream, versionNumber(version));
    Responses.json(ctx, 200, json, streamJson.version(found));
  }

  /** A dry run of {@link #register}: always 200, saying whether it would be accepted. */
  public void check(Context ctx) {
    String stream = existing(StreamNames.forRead(ctx.pathParam("stream")));
    CompatibilityReport report = registry.check(stream, schemaText(bodies.required(ctx)));
    ObjectNode body = json.object();
    body.put("compatible", report.compatible());
    body.put("compatibility", report.compatibility().name());
    StreamJson.addIncompatibilities(body.putArray("incompatibilities"), report.incompatibilities());
    Responses.json(ctx, 200, json, body);
  }

  private String existing(String stream) {
    if (!log.hasStream(stream)) {
      throw new UnknownStreamException(stream);
    }
    return stream;
  }

  private static int versionNumber(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ApiException.invalidRequest(
          "a schema version is a number or 'latest', not '" + text + "'");
    }
  }

  /** The schema text a body holds, checked to be an Avro record schema. */
  static String schemaText(JsonNode body) {
    JsonNode schema = body;
    if (body.isObject() && body.size() == 1 && body.has("schema")) {
      schema = body.get("schema");
    }
    String text;
    if (schema.isTextual()) {
      text = schema.textValue();
    } else if (schema.isObject()) {
      text = schema.toString();
    } else {
      throw new InvalidSchemaException(
          "expected an Avro record schema object, found a JSON " + schema.getNodeType(), null);
    }
    AvroSchemas.checkIsRecord(text);
    return text;
  }
}
