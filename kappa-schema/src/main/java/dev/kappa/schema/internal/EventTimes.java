package dev.kappa.schema.internal;

import dev.kappa.schema.InvalidEventException;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads event time, in epoch milliseconds, from a top-level field of a record.
 *
 * <p>The field's type (or, in a union, the type of the branch its value is in) must be one of:
 *
 * <ul>
 *   <li>{@code long} without logical type: epoch milliseconds;
 *   <li>{@code timestamp-millis}, {@code timestamp-micros} or {@code timestamp-nanos}: converted to
 *       milliseconds, cutting finer digits toward the past (so -1 µs is -1 ms);
 *   <li>{@code string}: an ISO-8601 instant with {@code Z} or an offset.
 * </ul>
 *
 * <p>Local timestamps are refused: without a zone they do not name an instant. A null value is no
 * event time ({@link OptionalLong#empty()}).
 *
 * <p>Stateless and thread-safe.
 */
final class EventTimes {

  static final String EXPECTED_FIELD = "a timestamp field";
  static final String EXPECTED_TYPE =
      "a timestamp field (long epoch milliseconds, timestamp-millis, timestamp-micros,"
          + " timestamp-nanos or ISO-8601 string)";
  static final String EXPECTED_TEXT = "an ISO-8601 instant such as 2024-05-01T12:00:00Z";

  private EventTimes() {}

  /**
   * The event time in {@code record}'s field {@code name}, or empty if the field holds null.
   *
   * @throws InvalidEventException if the schema has no such field, its type holds no event time, or
   *     its string is not an ISO-8601 instant
   */
  static OptionalLong millis(GenericRecord record, String name) {
    Schema.Field field = record.getSchema().getField(name);
    String path = "$" + JsonDescriptions.member(name);
    if (field == null) {
      throw new InvalidEventException(path, EXPECTED_FIELD, "no such field");
    }
    Object value = record.get(field.pos());
    if (value == null) {
      return OptionalLong.empty();
    }
    Schema schema = field.schema();
    if (schema.getType() == Schema.Type.UNION) {
      schema = schema.getTypes().get(GenericData.get().resolveUnion(schema, value));
    }
    LogicalType logical = schema.getLogicalType();
    if (schema.getType() == Schema.Type.LONG && value instanceof Long number) {
      if (logical == null) {
        return OptionalLong.of(number);
      }
      switch (logical.getName()) {
        case "timestamp-millis":
          return OptionalLong.of(number);
        case "timestamp-micros":
          return OptionalLong.of(Math.floorDiv(number, 1_000L));
        case "timestamp-nanos":
          return OptionalLong.of(Math.floorDiv(number, 1_000_000L));
        default:
          break;
      }
    }
    if (schema.getType() == Schema.Type.STRING
        && logical == null
        && value instanceof CharSequence) {
      String text = value.toString();
      Instant instant = IsoTimes.instant(text);
      if (instant == null) {
        throw new InvalidEventException(
            path, EXPECTED_TEXT, "string " + JsonDescriptions.quote(text));
      }
      try {
        return OptionalLong.of(instant.toEpochMilli());
      } catch (ArithmeticException tooFar) {
        throw new InvalidEventException(
            path, EXPECTED_TEXT, "string " + JsonDescriptions.quote(text) + " (out of range)");
      }
    }
    throw new InvalidEventException(path, EXPECTED_TYPE, JsonDescriptions.brief(schema));
  }
}
