package dev.kappa.schema.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * Converts a record to plain JSON, the inverse of {@link JsonToAvro}: converting the result back
 * gives an equal record.
 *
 * <ul>
 *   <li>Timestamps are ISO-8601 instants in UTC as {@link Instant#toString()} writes them ({@code
 *       2024-05-01T12:00:00Z}, {@code 2024-05-01T12:00:00.120Z}); local timestamps are the same
 *       without the {@code Z}; times of day are {@code HH:mm:ss} with the same fractions, in groups
 *       of three digits; dates are {@code yyyy-MM-dd}. A time of day outside the day stays a
 *       number.
 *   <li>Decimals are JSON numbers at the schema's scale ({@code 1.50}); {@code uuid} is its string.
 *   <li>{@code bytes} and {@code fixed} are base64 strings; enums are their symbols' names.
 *   <li>Unions are unwrapped: a value is written as its branch's plain JSON, never as Avro JSON's
 *       {@code {"string": "x"}}.
 *   <li>{@code int} and {@code long} are whole numbers, {@code float} and {@code double} numbers,
 *       except NaN and the infinities, which are the strings {@code "NaN"}, {@code "Infinity"} and
 *       {@code "-Infinity"}.
 *   <li>Maps are objects in the map's iteration order; records are objects in field order.
 * </ul>
 *
 * <p>Accepts both the values {@link JsonToAvro} produces and those {@code GenericDatumReader} reads
 * (such as {@code Utf8} strings). Stateless and thread-safe.
 */
public final class AvroToJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Conversions.BigDecimalConversion BIG_DECIMAL =
      new Conversions.BigDecimalConversion();
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;

  private AvroToJson() {}

  /** {@code record} as a JSON object with one member per field, in field order. */
  public static ObjectNode convert(GenericRecord record) {
    Objects.requireNonNull(record, "record");
    return record(record, record.getSchema());
  }

  private static ObjectNode record(IndexedRecord record, Schema schema) {
    ObjectNode object = NODES.objectNode();
    for (Schema.Field field : schema.getFields()) {
      object.set(field.name(), value(record.get(field.pos()), field.schema()));
    }
    return object;
  }

  private static JsonNode value(Object value, Schema schema) {
    if (value == null) {
      return NullNode.getInstance();
    }
    if (schema.getType() == Schema.Type.UNION) {
      int branch = GenericData.get().resolveUnion(schema, value);
      return value(value, schema.getTypes().get(branch));
    }
    LogicalType logical = schema.getLogicalType();
    if (logical != null) {
      JsonNode node = logical(value, schema, logical);
      if (node != null) {
        return node;
      }
    }
    return switch (schema.getType()) {
      case RECORD -> record((IndexedRecord) value, schema);
      case ENUM, STRING -> TextNode.valueOf(value.toString());
      case ARRAY -> array((Collection<?>) value, schema.getElementType());
      case MAP -> map((Map<?, ?>) value, schema.getValueType());
      case FIXED -> TextNode.valueOf(Base64.getEncoder().encodeToString(bytes(value)));
      case BYTES -> TextNode.valueOf(Base64.getEncoder().encodeToString(bytes(value)));
      case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
      case INT -> IntNode.valueOf(((Number) value).intValue());
      case LONG -> LongNode.valueOf(((Number) value).longValue());
      case FLOAT -> floating(((Number) value).floatValue(), true);
      case DOUBLE -> floating(((Number) value).doubleValue(), false);
      case NULL, UNION -> NullNode.getInstance();
    };
  }

  private static ArrayNode array(Collection<?> values, Schema elementType) {
    ArrayNode array = NODES.arrayNode(values.size());
    for (Object element : values) {
      array.add(value(element, elementType));
    }
    return array;
  }

  private static ObjectNode map(Map<?, ?> values, Schema valueType) {
    ObjectNode object = NODES.objectNode();
    for (Map.Entry<?, ?> entry : values.entrySet()) {
      object.set(entry.getKey().toString(), value(entry.getValue(), valueType));
    }
    return object;
  }

  private static JsonNode floating(double value, boolean single) {
    if (Double.isNaN(value)) {
      return TextNode.valueOf("NaN");
    }
    if (Double.isInfinite(value)) {
      return TextNode.valueOf(value > 0 ? "Infinity" : "-Infinity");
    }
    return single ? FloatNode.valueOf((float) value) : DoubleNode.valueOf(value);
  }

  /** The JSON of a logical-type value, or null to write the underlying value instead. */
  private static JsonNode logical(Object value, Schema schema, LogicalType logical) {
    return switch (logical.getName()) {
      case "timestamp-millis" -> instant((Long) value, 1_000L);
      case "timestamp-micros" -> instant((Long) value, 1_000_000L);
      case "timestamp-nanos" -> instant((Long) value, 1_000_000_000L);
      case "local-timestamp-millis" -> local((Long) value, 1_000L);
      case "local-timestamp-micros" -> local((Long) value, 1_000_000L);
      case "local-timestamp-nanos" -> local((Long) value, 1_000_000_000L);
      case "date" -> TextNode.valueOf(LocalDate.ofEpochDay((Integer) value).toString());
      case "time-millis" -> time((Integer) value, 1_000L);
      case "time-micros" -> time((Long) value, 1_000_000L);
      case "decimal" -> decimal(bytes(value), ((LogicalTypes.Decimal) logical).getScale());
      case "big-decimal" ->
          DecimalNode.valueOf(
              BIG_DECIMAL.fromBytes(ByteBuffer.wrap(bytes(value)), schema, logical));
      case "uuid" -> value instanceof GenericFixed fixed ? uuid(fixed.bytes()) : null;
      default -> null;
    };
  }

  /** An instant as {@link Instant#toString()} writes it. */
  private static TextNode instant(long count, long perSecond) {
    long seconds = Math.floorDiv(count, perSecond);
    long nanos = Math.floorMod(count, perSecond) * (1_000_000_000L / perSecond);
    return TextNode.valueOf(Instant.ofEpochSecond(seconds, nanos).toString());
  }

  /** A local timestamp: the UTC instant's text without its {@code Z}. */
  private static JsonNode local(long count, long perSecond) {
    String instant = instant(count, perSecond).textValue();
    return TextNode.valueOf(instant.substring(0, instant.length() - 1));
  }

  /** A time of day, or null (the plain number) if {@code count} is outside the day. */
  private static JsonNode time(long count, long perSecond) {
    long nanosPerUnit = 1_000_000_000L / perSecond;
    if (count < 0 || count >= NANOS_PER_DAY / nanosPerUnit) {
      return null;
    }
    String instant = Instant.ofEpochSecond(0, count * nanosPerUnit).toString();
    return TextNode.valueOf(instant.substring("1970-01-01T".length(), instant.length() - 1));
  }

  private static JsonNode decimal(byte[] unscaled, int scale) {
    BigInteger number = unscaled.length == 0 ? BigInteger.ZERO : new BigInteger(unscaled);
    return DecimalNode.valueOf(new BigDecimal(number, scale));
  }

  private static JsonNode uuid(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    return TextNode.valueOf(new UUID(buffer.getLong(), buffer.getLong()).toString());
  }

  /** The bytes of a {@code bytes} or {@code fixed} value, leaving a buffer's position alone. */
  private static byte[] bytes(Object value) {
    if (value instanceof GenericFixed fixed) {
      return fixed.bytes();
    }
    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
