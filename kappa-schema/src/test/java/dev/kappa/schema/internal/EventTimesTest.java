package dev.kappa.schema.internal;

import static dev.kappa.schema.internal.JsonFixtures.json;
import static dev.kappa.schema.internal.JsonFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.schema.InvalidEventException;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Event time comes from a top-level long, timestamp or ISO-8601 string field, in epoch
 * milliseconds; a null is no event time, and any other field is an error naming the field.
 */
class EventTimesTest {

  private static final long NOON_MAY_1_MILLIS = 1_714_564_800_000L;
  private static final String EXPECTED_TYPE =
      "a timestamp field (long epoch milliseconds, timestamp-millis, timestamp-micros,"
          + " timestamp-nanos or ISO-8601 string)";

  private static OptionalLong eventTime(String type, String value) {
    Schema schema = record("{'name': 't', 'type': " + type + "}");
    GenericRecord event = JsonToAvro.convert(json("{'t': " + value + "}"), schema);
    return JsonToAvro.eventTime(event, "t");
  }

  @Test
  void longAndTimestampFields_giveEpochMillis() {
    assertThat(eventTime("'long'", "1714564800000")).hasValue(NOON_MAY_1_MILLIS);
    assertThat(eventTime("{'type': 'long', 'logicalType': 'timestamp-millis'}", "-7")).hasValue(-7);
    assertThat(eventTime("{'type': 'long', 'logicalType': 'timestamp-micros'}", "1500"))
        .hasValue(1);
    assertThat(eventTime("{'type': 'long', 'logicalType': 'timestamp-micros'}", "-1")).hasValue(-1);
    assertThat(eventTime("{'type': 'long', 'logicalType': 'timestamp-nanos'}", "2999999"))
        .hasValue(2);
  }

  @Test
  void stringField_isReadAsAnIsoInstant() {
    assertThat(eventTime("'string'", "'2024-05-01T13:00:00+01:00'")).hasValue(NOON_MAY_1_MILLIS);
  }

  @Test
  void nullableField_givesItsValue_orNothingForNull() {
    String type = "['null', {'type': 'long', 'logicalType': 'timestamp-millis'}]";
    assertThat(eventTime(type, "'2024-05-01T12:00:00Z'")).hasValue(NOON_MAY_1_MILLIS);
    assertThat(eventTime(type, "null")).isEmpty();
  }

  @Test
  void missingField_isRejected() {
    GenericRecord event =
        JsonToAvro.convert(json("{'t': 1}"), record("{'name': 't', 'type': 'long'}"));
    assertThatThrownBy(() -> JsonToAvro.eventTime(event, "when"))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.path()).isEqualTo("$.when");
              assertThat(e.expected()).isEqualTo("a timestamp field");
              assertThat(e.found()).isEqualTo("no such field");
            });
  }

  @Test
  void fieldOfAnotherType_isRejected_namingTheType() {
    assertRejected("'int'", "5", EXPECTED_TYPE, "int");
    assertRejected(
        "{'type': 'long', 'logicalType': 'local-timestamp-millis'}",
        "5",
        EXPECTED_TYPE,
        "local-timestamp-millis");
    assertRejected("['null', 'double']", "1.5", EXPECTED_TYPE, "double");
  }

  @Test
  void stringThatIsNoInstant_isRejected_quotingIt() {
    assertRejected(
        "'string'",
        "'yesterday'",
        "an ISO-8601 instant such as 2024-05-01T12:00:00Z",
        "string \"yesterday\"");
  }

  private static void assertRejected(String type, String value, String expected, String found) {
    Schema schema = record("{'name': 't', 'type': " + type + "}");
    GenericRecord event = JsonToAvro.convert(json("{'t': " + value + "}"), schema);
    assertThatThrownBy(() -> JsonToAvro.eventTime(event, "t"))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(e.path()).isEqualTo("$.t");
              assertThat(e.expected()).isEqualTo(expected);
              assertThat(e.found()).isEqualTo(found);
            });
  }
}
