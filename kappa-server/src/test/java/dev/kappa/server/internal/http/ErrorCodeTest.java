package dev.kappa.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kappa.log.InvalidStreamNameException;
import dev.kappa.log.LogClosedException;
import dev.kappa.log.LogFailedException;
import dev.kappa.log.OffsetOutOfRangeException;
import dev.kappa.log.RecordTooLargeException;
import dev.kappa.log.StreamExistsException;
import dev.kappa.log.UnknownPartitionException;
import dev.kappa.log.UnknownStreamException;
import dev.kappa.schema.InvalidEventException;
import dev.kappa.schema.InvalidSchemaException;
import dev.kappa.schema.ModelConflictException;
import dev.kappa.schema.UnknownSchemaException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The error table: each code maps to one status, and storage errors keep their codes. */
class ErrorCodeTest {

  /** The documented table, written out independently of {@link ErrorCode}. */
  private static final Map<String, Integer> TABLE =
      Map.ofEntries(
          Map.entry("unknown_stream", 404),
          Map.entry("unknown_schema", 404),
          Map.entry("unknown_partition", 404),
          Map.entry("not_found", 404),
          Map.entry("invalid_stream_name", 400),
          Map.entry("invalid_schema", 400),
          Map.entry("invalid_event", 400),
          Map.entry("invalid_events", 400),
          Map.entry("invalid_event_time_field", 400),
          Map.entry("malformed_json", 400),
          Map.entry("json_limits", 400),
          Map.entry("invalid_cloudevent", 400),
          Map.entry("offset_out_of_range", 400),
          Map.entry("invalid_request", 400),
          Map.entry("invalid_key", 400),
          Map.entry("unsupported_key_type", 400),
          Map.entry("unknown_view", 404),
          Map.entry("view_not_started", 409),
          Map.entry("invalid_position", 400),
          Map.entry("invalid_range", 400),
          Map.entry("invalid_cursor", 400),
          Map.entry("invalid_position_token", 400),
          Map.entry("position_from_future", 400),
          Map.entry("unknown_key", 404),
          Map.entry("position_unreachable", 409),
          Map.entry("result_too_large", 413),
          Map.entry("position_timeout", 504),
          Map.entry("unknown_version", 404),
          Map.entry("unknown_build", 404),
          Map.entry("deployment_in_progress", 409),
          Map.entry("version_serving", 409),
          Map.entry("not_caught_up", 409),
          Map.entry("nothing_to_roll_back", 409),
          Map.entry("definition_changed", 409),
          Map.entry("method_not_allowed", 405),
          Map.entry("request_timeout", 408),
          Map.entry("stream_exists", 409),
          Map.entry("incompatible_schema", 409),
          Map.entry("model_conflict", 409),
          Map.entry("idempotency_key_reused", 422),
          Map.entry("record_too_large", 413),
          Map.entry("payload_too_large", 413),
          Map.entry("too_many_events", 413),
          Map.entry("uri_too_long", 414),
          Map.entry("unsupported_media_type", 415),
          Map.entry("headers_too_large", 431),
          Map.entry("internal", 500),
          Map.entry("corrupt_log", 500),
          Map.entry("corrupt_registry", 500),
          Map.entry("log_failed", 503),
          Map.entry("log_closed", 503),
          Map.entry("log_io", 503),
          Map.entry("log_locked", 503),
          Map.entry("invalid_query", 400),
          Map.entry("unknown_query", 404),
          Map.entry("query_cancelled", 409),
          Map.entry("query_id_in_use", 409),
          Map.entry("query_too_large", 413),
          Map.entry("too_many_queries", 429),
          Map.entry("query_timeout", 504));

  @Test
  void everyCode_hasTheDocumentedStatus() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(TABLE).as(code.code()).containsEntry(code.code(), code.status());
    }
    assertThat(ErrorCode.values()).hasSize(TABLE.size());
  }

  @Test
  void codes_areUnique() {
    Set<String> codes = new HashSet<>();
    Arrays.stream(ErrorCode.values()).forEach(c -> assertThat(codes.add(c.code())).isTrue());
  }

  @Test
  void storageAndSchemaErrors_keepTheirCodes() {
    RuntimeException[] errors = {
      new InvalidStreamNameException("x", "why"),
      new StreamExistsException("x"),
      new UnknownStreamException("x"),
      new UnknownPartitionException("x", 3, 2),
      new RecordTooLargeException(0, 10, 5),
      new OffsetOutOfRangeException("x", 0, 9, 0, 1),
      new LogFailedException("disk", null),
      new LogClosedException(),
      new InvalidSchemaException("bad", null),
      new InvalidEventException("$.a", "int", "string"),
      new ModelConflictException("no"),
      new UnknownSchemaException("none"),
    };
    ErrorResponses responses = new ErrorResponses(new JsonCodec(64, 1000, 100), null);
    for (RuntimeException e : errors) {
      ApiException api = responses.classify(e);
      String code =
          e instanceof dev.kappa.log.LogException log
              ? log.code()
              : ((dev.kappa.schema.SchemaException) e).code();
      assertThat(api.code().code()).as(e.getClass().getSimpleName()).isEqualTo(code);
      assertThat(api.code().status()).isEqualTo(TABLE.get(code));
      assertThat(ErrorResponses.statusOf(e)).isEqualTo(TABLE.get(code));
    }
  }

  @Test
  void jettyStatuses_mapToTheCodeOfTheirStatus() {
    for (int status : new int[] {400, 404, 405, 408, 413, 414, 415, 431, 500}) {
      assertThat(JettyErrors.codeFor(status).status()).isEqualTo(status);
    }
    assertThat(JettyErrors.codeFor(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(JettyErrors.codeFor(505)).isEqualTo(ErrorCode.INTERNAL);
  }
}
