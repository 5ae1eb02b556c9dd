package dev.kappa.server.internal.http;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error the HTTP API answers with: a stable code, the one HTTP status it maps to, and what it
 * means. Codes of the log's and the schema registry's exceptions ({@code LogException.code()},
 * {@code SchemaException.code()}) are listed here under the same names, so a storage error reaches
 * the client with the code the storage layer gave it.
 *
 * <p>{@link #RECORD_TOO_LARGE} is 413, like {@link #PAYLOAD_TOO_LARGE}: the request was well-formed
 * but holds a record bigger than the log stores. When the ingestor reports an oversize record per
 * event instead, the request is answered with {@link #INVALID_EVENTS} (400) and the event's own
 * code is {@code record_too_large}.
 */
public enum ErrorCode {
  // 400: the request is wrong and retrying it unchanged cannot help.
  INVALID_REQUEST(400, "a parameter or a field of the request body is missing or invalid"),
  INVALID_STREAM_NAME(400, "the stream name breaks the naming rules or is reserved"),
  INVALID_SCHEMA(400, "the text is not an Avro record schema"),
  INVALID_EVENT(400, "an event does not fit its stream's schema"),
  INVALID_EVENT_TIME_FIELD(
      400, "the eventTimeField is not a long, timestamp or ISO-8601 string field of the schema"),
  INVALID_EVENTS(400, "some events of an ingest request are invalid; nothing was appended"),
  MALFORMED_JSON(400, "the body is not well-formed JSON; the message gives line and column"),
  JSON_LIMITS(400, "the JSON exceeds a nesting depth, string length or number length limit"),
  INVALID_CLOUDEVENT(400, "a CloudEvent lacks a required attribute or has an invalid one"),
  OFFSET_OUT_OF_RANGE(400, "the offset is below the oldest retained record or past the end"),
  INVALID_KEY(400, "the key does not parse as the view's key type (a long, say)"),
  UNSUPPORTED_KEY_TYPE(400, "the view's keys are of a type the server cannot parse from text"),
  INVALID_POSITION(
      400, "a start point names offsets outside the log, or streams the view does not read"),
  INVALID_RANGE(400, "a key range's from lies after its to, in the view's key order"),
  INVALID_CURSOR(400, "the cursor is not one a page of this query on this view returned"),
  INVALID_POSITION_TOKEN(
      400,
      "the position token is malformed, or names a stream or partition the view does not read"),
  POSITION_FROM_FUTURE(400, "the position token names an offset past the partition's durable end"),
  INVALID_QUERY(400, "the on-demand query is malformed; the message names the field"),
  // 404: the thing named does not exist.
  NOT_FOUND(404, "no endpoint has this path"),
  UNKNOWN_STREAM(404, "no stream has this name"),
  UNKNOWN_PARTITION(404, "the stream has no such partition"),
  UNKNOWN_SCHEMA(404, "no such schema version, id or stream model"),
  UNKNOWN_VIEW(404, "no view has this name"),
  UNKNOWN_VERSION(404, "the view has no such version defined, or none running"),
  UNKNOWN_BUILD(404, "the view has no such build, or none in the state the action needs"),
  UNKNOWN_KEY(404, "the view has no result at all for the key"),
  UNKNOWN_QUERY(404, "no on-demand query with this id is running"),
  METHOD_NOT_ALLOWED(405, "the path exists but not with this method"),
  REQUEST_TIMEOUT(408, "the client stopped sending the body; the connection is closed"),
  // 409: the request conflicts with the current state.
  STREAM_EXISTS(409, "the stream exists with other partitions or retention"),
  VIEW_NOT_STARTED(
      409,
      "the view's build waits for its source streams, failed to start, cannot run, or stopped"
          + " serving while the query read it: no state to answer from"),
  DEPLOYMENT_IN_PROGRESS(
      409, "another build of the view is catching up, or the version is already deployed"),
  VERSION_SERVING(409, "the version serves queries, so it cannot be retired or dropped"),
  NOT_CAUGHT_UP(409, "the build lags the log or the serving build; wait, or promote with force"),
  NOTHING_TO_ROLL_BACK(409, "no earlier build of the view has its state kept"),
  DEFINITION_CHANGED(
      409, "the version's definition differs from the one deployed; give it a new version"),
  INCOMPATIBLE_SCHEMA(409, "the schema breaks the stream's compatibility rule"),
  MODEL_CONFLICT(409, "the change would make the stream's existing data unreadable"),
  POSITION_UNREACHABLE(
      409, "the build stopped (it failed, finished or was retired) before reaching the position"),
  QUERY_CANCELLED(409, "the on-demand query was cancelled before it finished"),
  QUERY_ID_IN_USE(409, "a running on-demand query already has this Kappa-Query-Id"),
  // 422: well-formed, but it contradicts an earlier request.
  IDEMPOTENCY_KEY_REUSED(
      422, "the Idempotency-Key was used within the window for a request with another body"),
  // 413, 414, 415, 431: the request is unacceptable as a whole.
  PAYLOAD_TOO_LARGE(413, "the body is larger than the server's maxBodyBytes"),
  RECORD_TOO_LARGE(413, "a record is larger than the log's maxRecordBytes"),
  TOO_MANY_EVENTS(413, "an ingest request holds more events than maxEventsPerRequest"),
  QUERY_TOO_LARGE(413, "the query's range holds more records than its maxEvents limit allows"),
  RESULT_TOO_LARGE(
      413,
      "more results than one answer may hold: a view query's limit past the JSON or NDJSON maximum,"
          + " or an on-demand query past its maxResults"),
  URI_TOO_LONG(414, "the request line is too long"),
  UNSUPPORTED_MEDIA_TYPE(415, "the Content-Type is not one this endpoint accepts"),
  TOO_MANY_QUERIES(429, "as many on-demand queries run as the server allows; retry later"),
  HEADERS_TOO_LARGE(431, "the request headers are too large"),
  // 5xx: the server cannot serve the request now.
  INTERNAL(500, "an unexpected error; it is logged"),
  CORRUPT_LOG(500, "stored data failed its integrity check; an operator must look"),
  CORRUPT_REGISTRY(
      500, "the schema registry's history on the log is inconsistent; an operator must look"),
  LOG_FAILED(503, "the log stopped accepting writes after a storage failure; restart to recover"),
  LOG_CLOSED(503, "the server is shutting down"),
  LOG_IO(503, "a storage I/O error outside the write path"),
  LOG_LOCKED(503, "another process holds the data directory"),
  POSITION_TIMEOUT(504, "the view did not reach the position token's offsets within the wait"),
  QUERY_TIMEOUT(504, "the on-demand query ran longer than its timeout");

  private static final Map<String, ErrorCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toMap(ErrorCode::code, Function.identity()));

  private final int status;
  private final String description;

  ErrorCode(int status, String description) {
    this.status = status;
    this.description = description;
  }

  /** The stable code clients match on, such as {@code unknown_stream}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public int status() {
    return status;
  }

  public String description() {
    return description;
  }

  /** The error with this code, if the API knows it. */
  public static Optional<ErrorCode> forCode(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }
}
