package dev.kappa.server.internal.http;

import static dev.kappa.server.internal.http.ErrorCode.CORRUPT_LOG;
import static dev.kappa.server.internal.http.ErrorCode.IDEMPOTENCY_KEY_REUSED;
import static dev.kappa.server.internal.http.ErrorCode.INCOMPATIBLE_SCHEMA;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_CLOUDEVENT;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_EVENTS;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_EVENT_TIME_FIELD;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_REQUEST;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_SCHEMA;
import static dev.kappa.server.internal.http.ErrorCode.INVALID_STREAM_NAME;
import static dev.kappa.server.internal.http.ErrorCode.JSON_LIMITS;
import static dev.kappa.server.internal.http.ErrorCode.LOG_CLOSED;
import static dev.kappa.server.internal.http.ErrorCode.LOG_FAILED;
import static dev.kappa.server.internal.http.ErrorCode.LOG_IO;
import static dev.kappa.server.internal.http.ErrorCode.MALFORMED_JSON;
import static dev.kappa.server.internal.http.ErrorCode.MODEL_CONFLICT;
import static dev.kappa.server.internal.http.ErrorCode.OFFSET_OUT_OF_RANGE;
import static dev.kappa.server.internal.http.ErrorCode.RECORD_TOO_LARGE;
import static dev.kappa.server.internal.http.ErrorCode.REQUEST_TIMEOUT;
import static dev.kappa.server.internal.http.ErrorCode.STREAM_EXISTS;
import static dev.kappa.server.internal.http.ErrorCode.TOO_MANY_EVENTS;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_PARTITION;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_SCHEMA;
import static dev.kappa.server.internal.http.ErrorCode.UNKNOWN_STREAM;
import static dev.kappa.server.internal.http.ErrorCode.UNSUPPORTED_MEDIA_TYPE;
import static dev.kappa.server.internal.http.MediaTypes.JSON;
import static dev.kappa.server.internal.http.MediaTypes.NDJSON;

import dev.kappa.server.internal.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The route table: every endpoint of the API, in the order of the OpenAPI document. The server
 * registers exactly these routes and the document is generated from exactly these, so a route
 * cannot exist undocumented or be documented without existing.
 */
public final class ApiRoutes {

  private ApiRoutes() {}

  public static List<Route> table(
      OpsHandlers ops,
      StreamHandlers streams,
      SchemaHandlers schemas,
      IngestHandler ingest,
      ReadHandler read) {
    List<Route> routes = new ArrayList<>();
    routes.addAll(operations(ops));
    routes.addAll(streamRoutes(streams));
    routes.addAll(schemaRoutes(schemas));
    routes.addAll(eventRoutes(ingest, read));
    return List.copyOf(routes);
  }

  private static List<Route> operations(OpsHandlers ops) {
    return List.of(
        Route.get("/health", "health", ops::health)
            .summary("Whether the server is up")
            .ok(200, JSON, "{\"status\":\"UP\",\"streams\":n,\"startedAt\":…,\"uptimeMs\":…}")
            .description(
                "503 with \"status\":\"DOWN\", the reason and the log_failed error object once"
                    + " the log has stopped accepting writes after a storage failure.")
            .errors(LOG_FAILED)
            .build(),
        Route.get("/metrics", "metrics", ops::metrics)
            .summary("Prometheus metrics: ingest outcomes, errors, stream sizes, the JVM")
            .ok(200, ServerMetrics.CONTENT_TYPE, "the Prometheus text exposition format")
            .build(),
        Route.get("/openapi.json", "openApi", ops::openApi)
            .summary("This document")
            .ok(200, JSON, "an OpenAPI 3.1 document")
            .build());
  }

  private static List<Route> streamRoutes(StreamHandlers streams) {
    return List.of(
        Route.get("/streams", "listStreams", streams::list)
            .summary("Every stream with its partitions, retention, model and totals")
            .ok(200, JSON, "{\"streams\":[…]}")
            .build(),
        Route.put("/streams/{stream}", "putStream", streams::put)
            .summary("Creates a stream, or checks and updates an existing one")
            .description(
                "Body (every field optional): {\"partitions\":4,\"retention\":{\"ms\":…,"
                    + "\"bytes\":…},\"schemaless\":false,\"compatibility\":\"BACKWARD\","
                    + "\"eventTimeField\":\"ts\",\"schema\":{…Avro record…}}. Partitions and"
                    + " retention cannot change; model fields given replace the current ones.")
            .body(false, "the stream's settings", JSON)
            .ok(201, JSON, "the stream was created; its description")
            .ok(200, JSON, "the stream existed with these settings; its description")
            .errors(
                INVALID_STREAM_NAME,
                INVALID_REQUEST,
                MALFORMED_JSON,
                JSON_LIMITS,
                INVALID_SCHEMA,
                INVALID_EVENT_TIME_FIELD,
                UNSUPPORTED_MEDIA_TYPE,
                STREAM_EXISTS,
                MODEL_CONFLICT,
                INCOMPATIBLE_SCHEMA,
                LOG_FAILED,
                LOG_CLOSED,
                LOG_IO)
            .build(),
        Route.get("/streams/{stream}", "getStream", streams::get)
            .summary("A stream with each partition's start, end and durable end offsets")
            .ok(200, JSON, "the stream's description")
            .errors(INVALID_STREAM_NAME, UNKNOWN_STREAM)
            .build());
  }

  private static List<Route> schemaRoutes(SchemaHandlers schemas) {
    String path = "/streams/{stream}/schemas";
    return List.of(
        Route.post(path, "registerSchema", schemas::register)
            .summary("Registers the next schema version of an Avro stream")
            .body(true, "an Avro record schema, or {\"schema\": …} holding one", JSON)
            .ok(201, JSON, "a new version: {\"stream\",\"version\",\"id\",\"schema\"}")
            .ok(200, JSON, "the schema equals an existing version, which is returned")
            .errors(
                INVALID_STREAM_NAME,
                UNKNOWN_STREAM,
                UNKNOWN_SCHEMA,
                INVALID_SCHEMA,
                INVALID_EVENT_TIME_FIELD,
                MALFORMED_JSON,
                JSON_LIMITS,
                UNSUPPORTED_MEDIA_TYPE,
                INCOMPATIBLE_SCHEMA,
                MODEL_CONFLICT,
                LOG_FAILED,
                LOG_CLOSED)
            .build(),
        Route.get(path, "listSchemas", schemas::list)
            .summary("Every schema version of a stream, oldest first")
            .ok(200, JSON, "{\"stream\",\"versions\":[…]}")
            .errors(INVALID_STREAM_NAME, UNKNOWN_STREAM)
            .build(),
        Route.get(path + "/{version}", "getSchema", schemas::get)
            .summary("One schema version, or the latest")
            .ok(200, JSON, "{\"stream\",\"version\",\"id\",\"schema\"}")
            .errors(INVALID_STREAM_NAME, INVALID_REQUEST, UNKNOWN_STREAM, UNKNOWN_SCHEMA)
            .build(),
        Route.post(path + "/check", "checkSchema", schemas::check)
            .summary("Whether a schema would be accepted, without registering it")
            .body(true, "an Avro record schema, or {\"schema\": …} holding one", JSON)
            .ok(200, JSON, "{\"compatible\":bool,\"compatibility\",\"incompatibilities\":[…]}")
            .errors(
                INVALID_STREAM_NAME,
                UNKNOWN_STREAM,
                UNKNOWN_SCHEMA,
                INVALID_SCHEMA,
                MALFORMED_JSON,
                JSON_LIMITS,
                UNSUPPORTED_MEDIA_TYPE,
                MODEL_CONFLICT)
            .build());
  }

  private static List<Route> eventRoutes(IngestHandler ingest, ReadHandler read) {
    String path = "/streams/{stream}/events";
    return List.of(
        Route.post(path, "ingestEvents", ingest::post)
            .summary("Appends events; answers once they are durable")
            .description(
                "application/json is one event (an array too); application/x-ndjson is one event"
                    + " per line; CloudEvents in structured, batch or binary mode. Events are"
                    + " validated against the stream's model; with onInvalid=deadletter invalid"
                    + " events go to <stream>.deadletter instead of failing the request."
                    + " An Idempotency-Key identifies one request: each event of the request is"
                    + " remembered as key#index with a digest of the whole body, so a retry must"
                    + " resend the same batch in the same order; its events are then answered as"
                    + " duplicates at their original offsets instead of being appended twice. The"
                    + " same key with another body is refused with 422 idempotency_key_reused.")
            .query("onInvalid", "string", "reject (default) or deadletter")
            .header(
                IngestHandler.IDEMPOTENCY_KEY,
                "identifies one request; a retry with the same key must resend the same batch,"
                    + " whose events are then not appended twice; another body with the same key"
                    + " is refused (422 idempotency_key_reused)")
            .body(
                true,
                "the events; accepted: " + String.join("; ", EventBodies.ACCEPTED),
                JSON,
                NDJSON,
                MediaTypes.CLOUDEVENTS,
                MediaTypes.CLOUDEVENTS_BATCH)
            .ok(
                200,
                JSON,
                "{\"stream\",\"events\":[{\"index\",\"stream\",\"partition\",\"offset\","
                    + "\"duplicate\"}],\"appended\",\"duplicates\",\"deadLettered\",\"position\"}")
            .errors(
                INVALID_STREAM_NAME,
                INVALID_REQUEST,
                INVALID_EVENTS,
                MALFORMED_JSON,
                JSON_LIMITS,
                INVALID_CLOUDEVENT,
                UNKNOWN_STREAM,
                REQUEST_TIMEOUT,
                RECORD_TOO_LARGE,
                TOO_MANY_EVENTS,
                IDEMPOTENCY_KEY_REUSED,
                UNSUPPORTED_MEDIA_TYPE,
                LOG_FAILED,
                LOG_CLOSED,
                LOG_IO)
            .build(),
        Route.get(path, "readEvents", read::get)
            .summary("Streams records as NDJSON, one JSON object per record")
            .description(
                "Each line: {\"partition\",\"offset\",\"eventTime\",\"appendTime\",\"key\","
                    + "\"headers\",\"value\"}; Avro values decoded to JSON with the latest schema,"
                    + " other values as JSON when they are JSON, else \"valueBase64\".")
            .query("partition", "integer", "the partition to read; all, in order, if absent")
            .query("fromOffset", "integer", "the first offset; the oldest retained if absent")
            .query("fromTime", "string", "the earliest event time: epoch ms or ISO-8601")
            .query("max", "integer", "the most records to return, 1 to 100000; default 1000")
            .query(
                "waitMs",
                "integer",
                "long poll: if nothing is readable yet, wait up to this long (0 to 60000) for a"
                    + " record to arrive; default 0")
            .query(
                "rawValues",
                "boolean",
                "true: values of streams without an Avro model always come as their bytes in"
                    + " valueBase64, never parsed as JSON; default false")
            .ok(200, NDJSON, "one record per line")
            .errors(
                INVALID_STREAM_NAME,
                INVALID_REQUEST,
                OFFSET_OUT_OF_RANGE,
                UNKNOWN_STREAM,
                UNKNOWN_PARTITION,
                CORRUPT_LOG,
                LOG_IO)
            .build());
  }
}
