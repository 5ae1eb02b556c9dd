package dev.kappa.schema.internal;

import static dev.kappa.schema.internal.JsonFixtures.assertValueRejected;
import static dev.kappa.schema.internal.JsonFixtures.convertValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.schema.InvalidEventException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/**
 * Logical types take their natural JSON forms (epoch counts or ISO-8601 text for times, numbers or
 * numeric strings for decimals) and are stored as their underlying Avro values. Expected values
 * were computed outside Java (2024-05-01T12:00:00Z is 1714564800000 ms, 2024-05-01 is day 19844).
 */
class JsonToAvroLogicalTest {

  private static final long NOON_MAY_1_MILLIS = 1_714_564_800_000L;
  private static final String TS_MILLIS = "{'type': 'long', 'logicalType': 'timestamp-millis'}";
  private static final String TS_MICROS = "{'type': 'long', 'logicalType': 'timestamp-micros'}";
  private static final String TS_NANOS = "{'type': 'long', 'logicalType': 'timestamp-nanos'}";
  private static final String LOCAL_MILLIS =
      "{'type': 'long', 'logicalType': 'local-timestamp-millis'}";
  private static final String LOCAL_MICROS =
      "{'type': 'long', 'logicalType': 'local-timestamp-micros'}";
  private static final String DATE = "{'type': 'int', 'logicalType': 'date'}";
  private static final String TIME_MILLIS = "{'type': 'int', 'logicalType': 'time-millis'}";
  private static final String TIME_MICROS = "{'type': 'long', 'logicalType': 'time-micros'}";
  private static final String DECIMAL =
      "{'type': 'bytes', 'logicalType': 'decimal', 'precision': 6, 'scale': 2}";
  private static final String DECIMAL_FIXED =
      "{'type': 'fixed', 'name': 'Money', 'size': 4, 'logicalType': 'decimal', 'precision': 9,"
          + " 'scale': 2}";
  private static final String UUID = "{'type': 'string', 'logicalType': 'uuid'}";

  private static final String TS_MILLIS_EXPECTED =
      "timestamp-millis (epoch milliseconds or ISO-8601 instant)";
  private static final String DECIMAL_EXPECTED =
      "decimal(6,2) (number or numeric string, at most 6 digits, 2 after the point)";

  @Test
  void timestampMillis_takesEpochMillis_orAnIsoInstantWithZOrOffset() {
    assertThat(convertValue(TS_MILLIS, "1714564800000")).isEqualTo(NOON_MAY_1_MILLIS);
    assertThat(convertValue(TS_MILLIS, "'2024-05-01T12:00:00Z'")).isEqualTo(NOON_MAY_1_MILLIS);
    assertThat(convertValue(TS_MILLIS, "'2024-05-01T14:30:00+02:30'")).isEqualTo(NOON_MAY_1_MILLIS);
    assertThat(convertValue(TS_MILLIS, "'2024-05-01T12:00:00.123Z'"))
        .isEqualTo(NOON_MAY_1_MILLIS + 123);
    assertThat(convertValue(TS_MILLIS, "'2024-05-01T12:00Z'")).isEqualTo(NOON_MAY_1_MILLIS);
    assertThat(convertValue(TS_MILLIS, "'2024-05-01t12:00:00z'")).isEqualTo(NOON_MAY_1_MILLIS);
  }

  @Test
  void timestampMillis_cutsFinerDigitsTowardThePast() {
    assertThat(convertValue(TS_MILLIS, "'2024-05-01T12:00:00.123999Z'"))
        .isEqualTo(NOON_MAY_1_MILLIS + 123);
    assertThat(convertValue(TS_MILLIS, "'1969-12-31T23:59:59.9999Z'")).isEqualTo(-1L);
  }

  @Test
  void timestampMillis_rejectsLocalTimes_dates_fractions_andNonsense() {
    assertValueRejected(
        TS_MILLIS, "'2024-05-01T12:00:00'", TS_MILLIS_EXPECTED, "string \"2024-05-01T12:00:00\"");
    assertValueRejected(TS_MILLIS, "'2024-05-01'", TS_MILLIS_EXPECTED, "string \"2024-05-01\"");
    assertValueRejected(
        TS_MILLIS, "'2024-02-30T12:00:00Z'", TS_MILLIS_EXPECTED, "string \"2024-02-30T12:00:00Z\"");
    assertValueRejected(TS_MILLIS, "1.5", TS_MILLIS_EXPECTED, "number 1.5");
    assertValueRejected(TS_MILLIS, "true", TS_MILLIS_EXPECTED, "boolean true");
  }

  @Test
  void timestampMicrosAndNanos_countInTheirUnit() {
    assertThat(convertValue(TS_MICROS, "'2024-05-01T12:00:00.000001Z'"))
        .isEqualTo(NOON_MAY_1_MILLIS * 1_000 + 1);
    assertThat(convertValue(TS_MICROS, "'1969-12-31T23:59:59.999999Z'")).isEqualTo(-1L);
    assertThat(convertValue(TS_MICROS, "-5")).isEqualTo(-5L);
    assertThat(convertValue(TS_NANOS, "'2024-05-01T12:00:00.000000001Z'"))
        .isEqualTo(NOON_MAY_1_MILLIS * 1_000_000 + 1);
    assertValueRejected(
        TS_NANOS,
        "'2300-01-01T00:00:00Z'",
        "timestamp-nanos (epoch nanoseconds or ISO-8601 instant)",
        "string \"2300-01-01T00:00:00Z\"");
  }

  @Test
  void localTimestamps_takeDateTimesWithoutOffset() {
    assertThat(convertValue(LOCAL_MILLIS, "'2024-05-01T12:00:00'")).isEqualTo(NOON_MAY_1_MILLIS);
    assertThat(convertValue(LOCAL_MICROS, "'2024-05-01T12:00:00.5'"))
        .isEqualTo(NOON_MAY_1_MILLIS * 1_000 + 500_000);
    assertThat(convertValue(LOCAL_MILLIS, "42")).isEqualTo(42L);
    assertValueRejected(
        LOCAL_MILLIS,
        "'2024-05-01T12:00:00Z'",
        "local-timestamp-millis (milliseconds since 1970-01-01T00:00 or ISO-8601 local date-time)",
        "string \"2024-05-01T12:00:00Z\"");
  }

  @Test
  void date_takesAnIsoDate_orADayCount() {
    assertThat(convertValue(DATE, "'2024-05-01'")).isEqualTo(19844);
    assertThat(convertValue(DATE, "'1969-12-31'")).isEqualTo(-1);
    assertThat(convertValue(DATE, "19844")).isEqualTo(19844);
    String expected = "date (ISO-8601 date or days since 1970-01-01)";
    assertValueRejected(DATE, "'2023-02-29'", expected, "string \"2023-02-29\"");
    assertValueRejected(
        DATE, "'2024-05-01T00:00:00Z'", expected, "string \"2024-05-01T00:00:00Z\"");
  }

  @Test
  void timeOfDay_takesAnIsoTime_orACountWithinTheDay() {
    assertThat(convertValue(TIME_MILLIS, "'12:00:00'")).isEqualTo(43_200_000);
    assertThat(convertValue(TIME_MILLIS, "'00:00:01.5'")).isEqualTo(1_500);
    assertThat(convertValue(TIME_MILLIS, "'23:59'")).isEqualTo(86_340_000);
    assertThat(convertValue(TIME_MILLIS, "86399999")).isEqualTo(86_399_999);
    assertThat(convertValue(TIME_MICROS, "'00:00:00.000001'")).isEqualTo(1L);
    String expected = "time-millis (ISO-8601 local time or milliseconds after midnight)";
    assertValueRejected(TIME_MILLIS, "86400000", expected, "number 86400000");
    assertValueRejected(TIME_MILLIS, "-1", expected, "number -1");
    assertValueRejected(TIME_MILLIS, "'24:00:00'", expected, "string \"24:00:00\"");
  }

  @Test
  void decimal_takesNumbersAndNumericStrings_atTheSchemaScale() {
    assertThat(unscaled(convertValue(DECIMAL, "1.5"))).isEqualTo(150);
    assertThat(unscaled(convertValue(DECIMAL, "1.50"))).isEqualTo(150);
    assertThat(unscaled(convertValue(DECIMAL, "1.5000"))).isEqualTo(150);
    assertThat(unscaled(convertValue(DECIMAL, "'-1.25'"))).isEqualTo(-125);
    assertThat(unscaled(convertValue(DECIMAL, "1e2"))).isEqualTo(10_000);
    assertThat(unscaled(convertValue(DECIMAL, "9999.99"))).isEqualTo(999_999);
    assertThat(unscaled(convertValue(DECIMAL, "0e999999999"))).isZero();
  }

  @Test
  void decimal_rejectsLostDigits_tooManyDigits_andNonNumbers() {
    assertValueRejected(DECIMAL, "1.505", DECIMAL_EXPECTED, "number 1.505");
    assertValueRejected(DECIMAL, "10000", DECIMAL_EXPECTED, "number 10000");
    assertValueRejected(DECIMAL, "'1e999999999'", DECIMAL_EXPECTED, "string \"1e999999999\"");
    assertValueRejected(DECIMAL, "'1e-999999999'", DECIMAL_EXPECTED, "string \"1e-999999999\"");
    assertValueRejected(DECIMAL, "'one'", DECIMAL_EXPECTED, "string \"one\"");
    assertValueRejected(DECIMAL, "'NaN'", DECIMAL_EXPECTED, "string \"NaN\"");
    assertValueRejected(DECIMAL, "[]", DECIMAL_EXPECTED, "array");
  }

  @Test
  void decimal_fromAParserThatReadsDoubles_takesFifteenDigits_andRefusesToGuessMore()
      throws Exception {
    ObjectMapper doubles = new ObjectMapper();
    Schema wide =
        JsonFixtures.single(
            "{'type': 'bytes', 'logicalType': 'decimal', 'precision': 20, 'scale': 2}");
    assertThat(unscaled(JsonToAvro.convert(doubles.readTree("{\"v\": 0.1}"), wide).get("v")))
        .isEqualTo(10);
    assertThat(
            unscaled(
                JsonToAvro.convert(doubles.readTree("{\"v\": 1234567890123.45}"), wide).get("v")))
        .isEqualTo(123_456_789_012_345L);
    JsonNode lossy = doubles.readTree("{\"v\": 123456789012345678.91}");
    assertThatThrownBy(() -> JsonToAvro.convert(lossy, wide))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e ->
                assertThat(e.found())
                    .isEqualTo(
                        "number 1.2345678901234568E17 (read as a binary floating-point number, so"
                            + " digits may have been lost; send it as a string)"));
  }

  @Test
  void decimal_refusesNumericStringsLongerThanJacksonsNumberLimit() {
    String digits = "1".repeat(1001);
    assertValueRejected(
        DECIMAL, "'" + digits + "'", DECIMAL_EXPECTED, "string \"" + "1".repeat(40) + "…\"");
  }

  @Test
  void decimalOnFixed_isSignExtendedToTheFixedSize() {
    GenericData.Fixed fixed = (GenericData.Fixed) convertValue(DECIMAL_FIXED, "-1.00");
    assertThat(fixed.bytes()).containsExactly(0xFF, 0xFF, 0xFF, 0x9C);
    GenericData.Fixed positive = (GenericData.Fixed) convertValue(DECIMAL_FIXED, "'2.56'");
    assertThat(positive.bytes()).containsExactly(0, 0, 1, 0);
  }

  @Test
  void uuid_takesCanonicalText_storedInLowerCase() {
    assertThat(convertValue(UUID, "'123E4567-E89B-12D3-A456-426614174000'"))
        .isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    String expected = "uuid (string such as 123e4567-e89b-12d3-a456-426614174000)";
    assertValueRejected(UUID, "'1-1-1-1-1'", expected, "string \"1-1-1-1-1\"");
    assertValueRejected(
        UUID,
        "'123e4567-e89b-12d3-a456-42661417400g'",
        expected,
        "string \"123e4567-e89b-12d3-a456-42661417400g\"");
    assertValueRejected(UUID, "5", expected, "number 5");
  }

  @Test
  void uuidOnFixed_isItsSixteenBigEndianBytes() {
    String type = "{'type': 'fixed', 'name': 'Id', 'size': 16, 'logicalType': 'uuid'}";
    GenericData.Fixed fixed =
        (GenericData.Fixed) convertValue(type, "'00010203-0405-0607-0809-0a0b0c0d0e0f'");
    assertThat(fixed.bytes()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  }

  @Test
  void bigDecimal_keepsItsOwnScale() {
    String type = "{'type': 'bytes', 'logicalType': 'big-decimal'}";
    ByteBuffer bytes = (ByteBuffer) convertValue(type, "'3.140'");
    GenericData.Record record = new GenericData.Record(JsonFixtures.single(type));
    record.put("v", bytes);
    assertThat(AvroToJson.convert(record).get("v").decimalValue())
        .isEqualByComparingTo("3.14")
        .hasScaleOf(3);
  }

  private static long unscaled(Object value) {
    return new java.math.BigInteger(((ByteBuffer) value).array()).longValueExact();
  }
}
