package dev.kappa.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.schema.InvalidEventException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/** Schemas, JSON and binary round trips for the JSON conversion tests. */
final class JsonFixtures {

  /**
   * Reads JSON as an ingest edge should: floats as BigDecimal, so decimals keep every digit, and
   * with their trailing zeros, so that {@code 1.50} reads back as written. Single quotes are
   * allowed so that tests can write {@code {'a': 1}}.
   */
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private JsonFixtures() {}

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code node} as text with every object's members sorted by name, for order-free comparison. */
  static String canonical(JsonNode node) {
    return text(sorted(node));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode copy = MAPPER.createObjectNode();
      for (String name : names) {
        copy.set(name, sorted(node.get(name)));
      }
      return copy;
    }
    if (node.isArray()) {
      var copy = MAPPER.createArrayNode();
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        copy.add(sorted(it.next()));
      }
      return copy;
    }
    return node;
  }

  static Schema schema(String json) {
    return new Schema.Parser().parse(json.replace('\'', '"'));
  }

  /** A record {@code E} with the given fields, written as JSON with single quotes. */
  static Schema record(String fields) {
    return schema("{'type': 'record', 'name': 'E', 'fields': [" + fields + "]}");
  }

  /** A record {@code E} with one field {@code v} of {@code type} (JSON, single quotes). */
  static Schema single(String type) {
    return record("{'name': 'v', 'type': " + type + "}");
  }

  /** {@code value} (JSON) converted as field {@code v} of {@code type}. */
  static Object convertValue(String type, String value) {
    return JsonToAvro.convert(json("{'v': " + value + "}"), single(type)).get("v");
  }

  /** Asserts that converting {@code json} to {@code schema} fails with exactly these words. */
  static void assertRejected(
      String json, Schema schema, String path, String expected, String found) {
    assertThatThrownBy(() -> JsonToAvro.convert(json(json), schema))
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> {
              assertThat(Map.of("path", e.path(), "expected", e.expected(), "found", e.found()))
                  .isEqualTo(Map.of("path", path, "expected", expected, "found", found));
              assertThat(e.getMessage())
                  .isEqualTo(path + ": expected " + expected + ", found " + found);
              assertThat(e.code()).isEqualTo("invalid_event");
            });
  }

  /** Asserts that {@code value} as field {@code v} of {@code type} fails with these words. */
  static void assertValueRejected(String type, String value, String expected, String found) {
    assertRejected("{'v': " + value + "}", single(type), "$.v", expected, found);
  }

  static byte[] write(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(record.getSchema(), GenericData.get())
          .write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static GenericRecord read(byte[] bytes, Schema schema) {
    try {
      return new GenericDatumReader<GenericRecord>(schema, schema, GenericData.get())
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
