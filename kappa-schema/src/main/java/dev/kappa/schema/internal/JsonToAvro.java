package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.schema.InvalidEventException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts a JSON event to a record of an Avro schema, or says precisely why it does not fit.
 *
 * <p>The result holds the values {@link GenericData} writes without logical-type conversions, so
 * {@code GenericDatumWriter} serialises it as is: {@code String} for strings, {@code Integer},
 * {@code Long}, {@code Float}, {@code Double}, {@code Boolean}, {@link ByteBuffer} for bytes,
 * {@link GenericData.Fixed}, {@link GenericData.EnumSymbol}, {@link GenericData.Array}, a {@link
 * LinkedHashMap} in JSON order for maps, {@link GenericData.Record}, and for logical types their
 * underlying values as described in {@link LogicalValues}.
 *
 * <p>What fits:
 *
 * <ul>
 *   <li>A record is a JSON object. A member the schema does not name is an error; a field the JSON
 *       leaves out takes the field's default, and is an error if it has none. (When a field is
 *       missing and the object also has a member the schema does not name, the unknown member is
 *       reported, since it is most likely the missing field misspelt.)
 *   <li>{@code int} and {@code long} take whole numbers in range ({@code 5}, {@code 5.0}, never
 *       {@code 5.5}); {@code float} and {@code double} take any finite number, and the strings
 *       {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 *   <li>{@code bytes} and {@code fixed} take base64 strings (for {@code fixed}, of exactly its
 *       size).
 *   <li>An enum takes the name of one of its symbols; an array a JSON array; a map a JSON object.
 *   <li>Unions are resolved as described in {@link JsonUnions}.
 * </ul>
 *
 * <p>Errors are {@link InvalidEventException}s naming the path of the first value that does not fit
 * ({@code $.items[2].price}, {@code $.tags["key"]}), what its schema expects, and what was found.
 * Fields are checked in schema order, so "first" is deterministic.
 *
 * <p>Stateless and thread-safe. Nothing is cached between calls; field defaults come from {@link
 * GenericData#getDefaultValue}, which caches them itself, and are deep-copied per record.
 */
public final class JsonToAvro {

  /** Most field names listed when a member is unknown. */
  private static final int MAX_FIELDS_LISTED = 30;

  private JsonToAvro() {}

  /**
   * {@code json} as a record of {@code schema}.
   *
   * @throws InvalidEventException if the JSON does not fit
   * @throws IllegalArgumentException if {@code schema} is not a record schema
   */
  public static GenericRecord convert(JsonNode json, Schema schema) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(schema, "schema");
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("not a record schema: " + schema.getType());
    }
    try {
      if (!json.isObject()) {
        throw Mismatch.of(schema, json);
      }
      return record(json, schema);
    } catch (Mismatch mismatch) {
      throw mismatch.toInvalidEvent();
    }
  }

  /**
   * The event time in {@code record}'s top-level {@code field}, in epoch milliseconds; see {@link
   * EventTimes}.
   */
  public static OptionalLong eventTime(GenericRecord record, String field) {
    return EventTimes.millis(record, field);
  }

  /**
   * {@code node} as a value of {@code schema}.
   *
   * @throws Mismatch if it does not fit
   */
  static Object value(JsonNode node, Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical != null) {
      Object value = LogicalValues.convert(node, schema, logical);
      if (value != LogicalValues.NOT_HANDLED) {
        return value;
      }
    }
    return switch (schema.getType()) {
      case RECORD -> node.isObject() ? record(node, schema) : fail(schema, node);
      case ENUM -> enumSymbol(node, schema);
      case ARRAY -> node.isArray() ? array(node, schema) : fail(schema, node);
      case MAP -> node.isObject() ? map(node, schema) : fail(schema, node);
      case UNION -> JsonUnions.convert(node, schema);
      case FIXED -> fixed(node, schema);
      case BYTES -> ByteBuffer.wrap(bytes(node, schema));
      case STRING -> node.isTextual() ? node.textValue() : fail(schema, node);
      case BOOLEAN -> node.isBoolean() ? node.booleanValue() : fail(schema, node);
      case INT ->
          JsonNumbers.isWhole(node, Integer.MIN_VALUE, Integer.MAX_VALUE)
              ? node.intValue()
              : fail(schema, node);
      case LONG ->
          JsonNumbers.isWhole(node, Long.MIN_VALUE, Long.MAX_VALUE)
              ? node.longValue()
              : fail(schema, node);
      case FLOAT -> floatValue(node, schema);
      case DOUBLE -> doubleValue(node, schema);
      case NULL -> node.isNull() ? null : fail(schema, node);
    };
  }

  private static GenericData.Record record(JsonNode node, Schema schema) {
    GenericData.Record record = new GenericData.Record(schema);
    int present = 0;
    for (Schema.Field field : schema.getFields()) {
      JsonNode child = node.get(field.name());
      Object value;
      if (child == null) {
        value = defaultValue(node, schema, field);
      } else {
        present++;
        try {
          value = value(child, field.schema());
        } catch (Mismatch mismatch) {
          throw mismatch.at(JsonDescriptions.field(field.name()));
        }
      }
      record.put(field.pos(), value);
    }
    if (present != node.size()) {
      throw unknownMember(node, schema);
    }
    return record;
  }

  private static Object defaultValue(JsonNode node, Schema schema, Schema.Field field) {
    if (!field.hasDefaultValue()) {
      if (node.size() > 0 && hasUnknownMember(node, schema)) {
        throw unknownMember(node, schema);
      }
      throw Mismatch.structural(JsonDescriptions.expected(field.schema()), "missing")
          .at(JsonDescriptions.field(field.name()));
    }
    GenericData data = GenericData.get();
    return data.deepCopy(field.schema(), data.getDefaultValue(field));
  }

  private static boolean hasUnknownMember(JsonNode node, Schema schema) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      if (schema.getField(names.next()) == null) {
        return true;
      }
    }
    return false;
  }

  /** The first member of {@code node}, in JSON order, that {@code schema} has no field for. */
  private static Mismatch unknownMember(JsonNode node, Schema schema) {
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      if (schema.getField(member.getKey()) == null) {
        return Mismatch.structural(fieldList(schema), JsonDescriptions.found(member.getValue()))
            .at(JsonDescriptions.member(member.getKey()));
      }
    }
    throw new IllegalStateException("no unknown member in " + node.size() + " members");
  }

  private static String fieldList(Schema schema) {
    List<Schema.Field> fields = schema.getFields();
    StringBuilder text = new StringBuilder("no such field (fields: ");
    for (int i = 0; i < fields.size() && i < MAX_FIELDS_LISTED; i++) {
      text.append(i > 0 ? ", " : "").append(fields.get(i).name());
    }
    if (fields.size() > MAX_FIELDS_LISTED) {
      text.append(", … ").append(fields.size() - MAX_FIELDS_LISTED).append(" more");
    }
    return text.append(')').toString();
  }

  private static GenericData.Array<Object> array(JsonNode node, Schema schema) {
    Schema elementType = schema.getElementType();
    GenericData.Array<Object> array = new GenericData.Array<>(node.size(), schema);
    for (int i = 0; i < node.size(); i++) {
      try {
        array.add(value(node.get(i), elementType));
      } catch (Mismatch mismatch) {
        throw mismatch.at(JsonDescriptions.index(i));
      }
    }
    return array;
  }

  private static Map<String, Object> map(JsonNode node, Schema schema) {
    Schema valueType = schema.getValueType();
    Map<String, Object> map = LinkedHashMap.newLinkedHashMap(node.size());
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      try {
        map.put(entry.getKey(), value(entry.getValue(), valueType));
      } catch (Mismatch mismatch) {
        throw mismatch.at(JsonDescriptions.key(entry.getKey()));
      }
    }
    return map;
  }

  private static GenericData.EnumSymbol enumSymbol(JsonNode node, Schema schema) {
    if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
      throw Mismatch.of(schema, node);
    }
    return new GenericData.EnumSymbol(schema, node.textValue());
  }

  private static GenericData.Fixed fixed(JsonNode node, Schema schema) {
    byte[] bytes = bytes(node, schema);
    if (bytes.length != schema.getFixedSize()) {
      throw new Mismatch(
          JsonDescriptions.expected(schema),
          JsonDescriptions.found(node) + " (" + bytes.length + " bytes)");
    }
    return new GenericData.Fixed(schema, bytes);
  }

  private static byte[] bytes(JsonNode node, Schema schema) {
    if (node.isTextual()) {
      try {
        return Base64.getDecoder().decode(node.textValue());
      } catch (IllegalArgumentException notBase64) {
        throw Mismatch.of(schema, node);
      }
    }
    if (node.isBinary()) {
      try {
        return node.binaryValue();
      } catch (java.io.IOException unreadable) {
        throw Mismatch.of(schema, node);
      }
    }
    throw Mismatch.of(schema, node);
  }

  private static float floatValue(JsonNode node, Schema schema) {
    if (node.isNumber()) {
      float value = node.floatValue(); // rounds once, straight from the decimal if there is one
      if (Float.isFinite(value)) {
        return value;
      }
    } else if (node.isTextual()) {
      Double special = JsonNumbers.special(node.textValue());
      if (special != null) {
        return special.floatValue();
      }
    }
    throw Mismatch.of(schema, node);
  }

  private static double doubleValue(JsonNode node, Schema schema) {
    double value = JsonNumbers.finiteDouble(node);
    if (!Double.isNaN(value)) {
      return value;
    }
    if (node.isTextual()) {
      Double special = JsonNumbers.special(node.textValue());
      if (special != null) {
        return special;
      }
    }
    throw Mismatch.of(schema, node);
  }

  /** Throws; typed as a value so that it can stand in a conditional expression. */
  private static Object fail(Schema schema, JsonNode node) {
    throw Mismatch.of(schema, node);
  }
}
