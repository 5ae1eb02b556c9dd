package dev.kappa.server.internal.catalog;

import dev.kappa.server.internal.http.ApiException;
import dev.kappa.server.internal.http.ErrorCode;
import java.util.List;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Checks a stream's {@code eventTimeField} against its schema when the stream or a schema version
 * is defined, so that a typo or a wrong type is refused then, not found event by event at ingest.
 *
 * <p>The field must be a top-level field of the record whose type, or every non-null branch of its
 * union, is one that ingest reads an event time from: {@code long} (epoch milliseconds), {@code
 * timestamp-millis}, {@code timestamp-micros}, {@code timestamp-nanos}, or {@code string} (an
 * ISO-8601 instant). Stateless; thread-safe.
 */
public final class EventTimeFields {

  private static final Set<String> TIMESTAMPS =
      Set.of("timestamp-millis", "timestamp-micros", "timestamp-nanos");
  private static final String EXPECTED =
      "a long (epoch milliseconds), a timestamp-millis, timestamp-micros or timestamp-nanos, or a"
          + " string (ISO-8601 instant)";

  private EventTimeFields() {}

  /**
   * @throws ApiException {@code invalid_event_time_field} naming the field and what is wrong
   */
  public static void check(String field, Schema schema) {
    Schema.Field found = schema.getField(field);
    if (found == null) {
      List<String> fields = schema.getFields().stream().map(Schema.Field::name).toList();
      throw invalid(
          "eventTimeField '"
              + field
              + "' is not a field of schema "
              + schema.getFullName()
              + "; its fields are "
              + String.join(", ", fields));
    }
    List<Schema> branches =
        found.schema().getType() == Schema.Type.UNION
            ? found.schema().getTypes()
            : List.of(found.schema());
    for (Schema branch : branches) {
      if (branch.getType() != Schema.Type.NULL && !holdsEventTime(branch)) {
        throw invalid(
            "eventTimeField '"
                + field
                + "' is of type "
                + found.schema()
                + "; it must be "
                + EXPECTED
                + ", optionally in a union with null");
      }
    }
  }

  /** Refuses an event-time field on a stream without fields to hold it. */
  public static void checkNotSchemaless(String field) {
    throw invalid(
        "eventTimeField '"
            + field
            + "' needs an Avro stream: a schemaless stream has no fields to take event time from");
  }

  private static boolean holdsEventTime(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    return switch (schema.getType()) {
      case LONG -> logical == null || TIMESTAMPS.contains(logical.getName());
      case STRING -> logical == null;
      default -> false;
    };
  }

  private static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_EVENT_TIME_FIELD, message);
  }
}
