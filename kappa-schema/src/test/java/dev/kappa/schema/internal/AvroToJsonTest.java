package dev.kappa.schema.internal;

import static dev.kappa.schema.internal.JsonFixtures.canonical;
import static dev.kappa.schema.internal.JsonFixtures.record;
import static dev.kappa.schema.internal.JsonFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Records read back as plain JSON: ISO-8601 times, decimals at their scale, base64 bytes, unions
 * unwrapped. The expected JSON is written out by hand.
 */
class AvroToJsonTest {

  private static final Schema ALL =
      record(
          String.join(
              ", ",
              "{'name': 's', 'type': 'string'}",
              "{'name': 'b', 'type': 'boolean'}",
              "{'name': 'i', 'type': 'int'}",
              "{'name': 'l', 'type': 'long'}",
              "{'name': 'f', 'type': 'float'}",
              "{'name': 'd', 'type': 'double'}",
              "{'name': 'nan', 'type': 'double'}",
              "{'name': 'inf', 'type': 'float'}",
              "{'name': 'by', 'type': 'bytes'}",
              "{'name': 'fx', 'type': {'type': 'fixed', 'name': 'Two', 'size': 2}}",
              "{'name': 'e', 'type': {'type': 'enum', 'name': 'Color', 'symbols': ['RED',"
                  + " 'GREEN']}}",
              "{'name': 'arr', 'type': {'type': 'array', 'items': 'int'}}",
              "{'name': 'm', 'type': {'type': 'map', 'values': 'long'}}",
              "{'name': 'rec', 'type': {'type': 'record', 'name': 'In', 'fields': [{'name': 'x',"
                  + " 'type': 'int'}]}}",
              "{'name': 'u', 'type': ['null', 'string']}",
              "{'name': 'n', 'type': ['null', 'string']}",
              "{'name': 'ts', 'type': {'type': 'long', 'logicalType': 'timestamp-millis'}}",
              "{'name': 'tsu', 'type': {'type': 'long', 'logicalType': 'timestamp-micros'}}",
              "{'name': 'tsn', 'type': {'type': 'long', 'logicalType': 'timestamp-nanos'}}",
              "{'name': 'lts', 'type': {'type': 'long', 'logicalType': 'local-timestamp-millis'}}",
              "{'name': 'dt', 'type': {'type': 'int', 'logicalType': 'date'}}",
              "{'name': 'tm', 'type': {'type': 'int', 'logicalType': 'time-millis'}}",
              "{'name': 'tmu', 'type': {'type': 'long', 'logicalType': 'time-micros'}}",
              "{'name': 'dec', 'type': {'type': 'bytes', 'logicalType': 'decimal', 'precision': 6,"
                  + " 'scale': 2}}",
              "{'name': 'decf', 'type': {'type': 'fixed', 'name': 'M', 'size': 4, 'logicalType':"
                  + " 'decimal', 'precision': 9, 'scale': 2}}",
              "{'name': 'id', 'type': {'type': 'string', 'logicalType': 'uuid'}}",
              "{'name': 'idf', 'type': {'type': 'fixed', 'name': 'Id', 'size': 16, 'logicalType':"
                  + " 'uuid'}}"));

  private static final String ALL_JSON =
      "{\"s\":\"héllo\",\"b\":true,\"i\":-3,\"l\":9007199254740993,\"f\":1.1,\"d\":2.5,"
          + "\"nan\":\"NaN\",\"inf\":\"Infinity\",\"by\":\"AQID/w==\",\"fx\":\"AP8=\","
          + "\"e\":\"GREEN\",\"arr\":[1,2],\"m\":{\"k\":5},\"rec\":{\"x\":1},\"u\":\"u\","
          + "\"n\":null,\"ts\":\"2024-05-01T12:00:00.123Z\","
          + "\"tsu\":\"1969-12-31T23:59:59.999999Z\",\"tsn\":\"1970-01-01T00:00:00.000000001Z\","
          + "\"lts\":\"2024-05-01T12:00:00\",\"dt\":\"2024-05-01\",\"tm\":\"12:00:00\","
          + "\"tmu\":\"00:00:00.000001\",\"dec\":1.50,\"decf\":-1.00,"
          + "\"id\":\"123e4567-e89b-12d3-a456-426614174000\","
          + "\"idf\":\"00010203-0405-0607-0809-0a0b0c0d0e0f\"}";

  private static GenericRecord all() {
    GenericData.Record r = new GenericData.Record(ALL);
    r.put("s", "héllo");
    r.put("b", true);
    r.put("i", -3);
    r.put("l", 9_007_199_254_740_993L);
    r.put("f", 1.1f);
    r.put("d", 2.5);
    r.put("nan", Double.NaN);
    r.put("inf", Float.POSITIVE_INFINITY);
    r.put("by", ByteBuffer.wrap(new byte[] {1, 2, 3, -1}));
    r.put("fx", new GenericData.Fixed(ALL.getField("fx").schema(), new byte[] {0, -1}));
    r.put("e", new GenericData.EnumSymbol(ALL.getField("e").schema(), "GREEN"));
    r.put("arr", new GenericData.Array<>(ALL.getField("arr").schema(), List.of(1, 2)));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("k", 5L);
    r.put("m", map);
    GenericData.Record in = new GenericData.Record(ALL.getField("rec").schema());
    in.put("x", 1);
    r.put("rec", in);
    r.put("u", "u");
    r.put("n", null);
    r.put("ts", 1_714_564_800_123L);
    r.put("tsu", -1L);
    r.put("tsn", 1L);
    r.put("lts", 1_714_564_800_000L);
    r.put("dt", 19844);
    r.put("tm", 43_200_000);
    r.put("tmu", 1L);
    r.put("dec", ByteBuffer.wrap(new byte[] {0, (byte) 150}));
    r.put(
        "decf",
        new GenericData.Fixed(ALL.getField("decf").schema(), new byte[] {-1, -1, -1, -100}));
    r.put("id", "123e4567-e89b-12d3-a456-426614174000");
    byte[] id = new byte[16];
    for (int i = 0; i < 16; i++) {
      id[i] = (byte) i;
    }
    r.put("idf", new GenericData.Fixed(ALL.getField("idf").schema(), id));
    return r;
  }

  @Test
  void everyType_readsBackAsPlainJson() {
    assertThat(text(AvroToJson.convert(all()))).isEqualTo(ALL_JSON);
  }

  @Test
  void recordsDecodedFromBinary_readBackTheSame() {
    GenericRecord decoded = JsonFixtures.read(JsonFixtures.write(all()), ALL);
    assertThat(decoded.get("s").getClass().getSimpleName()).isEqualTo("Utf8");
    assertThat(canonical(AvroToJson.convert(decoded)))
        .isEqualTo(canonical(JsonFixtures.json(ALL_JSON)));
  }

  @Test
  void bytes_areReadFromTheBufferPosition_withoutMovingIt() {
    Schema schema = JsonFixtures.single("'bytes'");
    ByteBuffer buffer = ByteBuffer.wrap(new byte[] {9, 1, 2});
    buffer.position(1);
    GenericData.Record r = new GenericData.Record(schema);
    r.put("v", buffer);
    assertThat(text(AvroToJson.convert(r))).isEqualTo("{\"v\":\"AQI=\"}");
    assertThat(text(AvroToJson.convert(r))).isEqualTo("{\"v\":\"AQI=\"}");
    assertThat(buffer.position()).isEqualTo(1);
  }

  @Test
  void timeOfDayOutsideTheDay_staysANumber() {
    Schema schema = JsonFixtures.single("{'type': 'int', 'logicalType': 'time-millis'}");
    GenericData.Record r = new GenericData.Record(schema);
    r.put("v", 86_400_000);
    assertThat(text(AvroToJson.convert(r))).isEqualTo("{\"v\":86400000}");
    r.put("v", -1);
    assertThat(text(AvroToJson.convert(r))).isEqualTo("{\"v\":-1}");
  }

  @Test
  void unionOfRecords_isUnwrapped() {
    Schema schema =
        JsonFixtures.single(
            "['null', {'type': 'record', 'name': 'A', 'fields': [{'name': 'a', 'type': 'int'}]},"
                + " {'type': 'map', 'values': 'string'}]");
    GenericData.Record a = new GenericData.Record(schema.getField("v").schema().getTypes().get(1));
    a.put("a", 4);
    GenericData.Record r = new GenericData.Record(schema);
    r.put("v", a);
    assertThat(text(AvroToJson.convert(r))).isEqualTo("{\"v\":{\"a\":4}}");
    r.put("v", Map.of("k", "x"));
    assertThat(text(AvroToJson.convert(r))).isEqualTo("{\"v\":{\"k\":\"x\"}}");
  }

  @Test
  void jsonReadBack_convertsToAnEqualRecord() {
    GenericRecord again = JsonToAvro.convert(JsonFixtures.json(ALL_JSON), ALL);
    assertThat(JsonFixtures.write(again)).isEqualTo(JsonFixtures.write(all()));
  }
}
