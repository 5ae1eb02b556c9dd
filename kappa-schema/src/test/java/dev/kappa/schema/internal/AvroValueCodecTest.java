package dev.kappa.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kappa.schema.InvalidEventException;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.UnknownSchemaException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The value format: only records of the version's own schema are encoded; failures are typed. */
class AvroValueCodecTest {

  private static final Schema CLICK =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Click\",\"fields\":["
                  + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"page\",\"type\":\"string\"}]}");

  /** Same name and field names, other types: Avro would write it by position without noticing. */
  private static final Schema CLICK_OTHER_TYPES =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Click\",\"fields\":["
                  + "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"page\",\"type\":\"long\"}]}");

  private static final Schema VIEW =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"View\",\"fields\":["
                  + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"page\",\"type\":\"string\"}]}");

  private final SchemaVersion v1 = new SchemaVersion("clicks", 1, 7, CLICK);
  private final Map<Integer, SchemaVersion> byId = Map.of(7, v1);
  private final AvroValueCodec codec =
      new AvroValueCodec(
          id -> {
            SchemaVersion v = byId.get(id);
            if (v == null) {
              throw new UnknownSchemaException("no schema has id " + id);
            }
            return v;
          });

  private static GenericRecord click(Schema schema, Object id, Object page) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("id", id);
    r.put("page", page);
    return r;
  }

  @Test
  void encode_recordOfTheVersionsSchema_roundTrips() {
    byte[] value = codec.encode(v1, click(CLICK, 42L, "/home"));
    assertThat(value[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(value).getInt(1)).isEqualTo(7);
    GenericRecord back = codec.decode(ByteBuffer.wrap(value));
    assertThat(back.get("id")).isEqualTo(42L);
    assertThat(back.get("page").toString()).isEqualTo("/home");
  }

  @Test
  void encode_recordOfAnEqualSchemaInstance_isAccepted() {
    Schema copy = new Schema.Parser().parse(CLICK.toString());
    assertThat(copy).isNotSameAs(CLICK);
    assertThat(codec.decode(ByteBuffer.wrap(codec.encode(v1, click(copy, 1L, "/")))).get("id"))
        .isEqualTo(1L);
  }

  @Test
  void encode_recordOfAnotherSchema_isRejectedNotMisEncoded() {
    assertThatThrownBy(() -> codec.encode(v1, click(VIEW, 42L, "/home")))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("schema version 1 of stream 'clicks' (id 7)")
        .hasMessageContaining("another schema (View)");
    assertThatThrownBy(() -> codec.encode(v1, click(CLICK_OTHER_TYPES, "42", 7L)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("another schema (Click with other fields or types)");
  }

  @Test
  void encode_fieldThatDoesNotFitItsType_isAnInvalidEvent() {
    assertThatThrownBy(() -> codec.encode(v1, click(CLICK, 42L, null)))
        .isInstanceOf(InvalidEventException.class)
        .satisfies(e -> assertThat(((InvalidEventException) e).path()).isEqualTo("$"));
    assertThatThrownBy(() -> codec.encode(v1, click(CLICK, "not a long", "/")))
        .isInstanceOf(InvalidEventException.class)
        .hasCauseInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> codec.encode(v1, null)).isInstanceOf(InvalidEventException.class);
  }

  @Test
  void decode_truncatedValue_isAnInvalidEvent() {
    byte[] value = codec.encode(v1, click(CLICK, 42L, "/home"));
    byte[] truncated = Arrays.copyOf(value, value.length - 2);
    assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(truncated)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("(id 7)");
  }

  @Test
  void decode_bytesAfterTheRecord_isAnInvalidEvent() {
    byte[] value = codec.encode(v1, click(CLICK, 42L, "/home"));
    byte[] longer = Arrays.copyOf(value, value.length + 3);
    assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(longer)))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("bytes after the end of the record");
  }

  @Test
  void decode_toAnUnresolvableReader_isAnInvalidEvent() {
    byte[] value = codec.encode(v1, click(CLICK, 42L, "/home"));
    assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(value), CLICK_OTHER_TYPES))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("readable as Click");
  }

  @Test
  void decode_unknownIdOrNoPrefix_isAnUnknownSchema() {
    byte[] value = codec.encode(v1, click(CLICK, 42L, "/home"));
    value[4] = 8;
    assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(value)))
        .isInstanceOf(UnknownSchemaException.class)
        .hasMessageContaining("id 8");
    assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(new byte[] {1, 2})))
        .isInstanceOf(UnknownSchemaException.class);
  }
}
