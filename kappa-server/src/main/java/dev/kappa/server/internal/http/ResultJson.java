package dev.kappa.server.internal.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.engine.Window;
import dev.kappa.schema.JsonValues;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;

/**
 * The JSON form of view keys and results, whatever their Java type: numbers and strings as they are
 * (non-finite doubles as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, which
 * JSON numbers cannot be), Avro records as plain JSON ({@link JsonValues#toJson}), bytes as base64,
 * Java records (such as {@code Ranked}) as objects of their components, collections and arrays as
 * arrays, maps as objects; anything else as Jackson serializes it, or its {@code toString()} if
 * Jackson cannot. Nesting deeper than {@value #MAX_DEPTH} levels is cut to text.
 *
 * <p>Thread-safe.
 */
final class ResultJson {

  static final int MAX_DEPTH = 32;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectMapper mapper;

  ResultJson(JsonCodec json) {
    this.mapper = json.newMapper();
  }

  JsonNode value(Object value) {
    return value(value, 0);
  }

  /** Writes {@code value} as {@link #value} renders it; scalars without a node in between. */
  void write(JsonGenerator generator, Object value) throws IOException {
    switch (value) {
      case null -> generator.writeNull();
      case String text -> generator.writeString(text);
      case Long l -> generator.writeNumber(l);
      case Integer i -> generator.writeNumber(i);
      case Double d when Double.isFinite(d) -> generator.writeNumber(d);
      case Boolean b -> generator.writeBoolean(b);
      default -> generator.writeTree(value(value));
    }
  }

  private JsonNode value(Object value, int depth) {
    if (depth > MAX_DEPTH) {
      return NODES.textNode(String.valueOf(value));
    }
    return switch (value) {
      case null -> NODES.nullNode();
      case JsonNode node -> node;
      case CharSequence text -> NODES.textNode(text.toString());
      case Boolean b -> NODES.booleanNode(b);
      case Integer i -> NODES.numberNode(i);
      case Long l -> NODES.numberNode(l);
      case Short s -> NODES.numberNode(s);
      case Byte b -> NODES.numberNode(b);
      case BigInteger i -> NODES.numberNode(i);
      case BigDecimal d -> NODES.numberNode(d);
      case Double d -> real(d);
      case Float f -> real(f.doubleValue());
      case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      case ByteBuffer buffer -> NODES.textNode(base64(buffer));
      case GenericRecord record -> JsonValues.toJson(record);
      case Enum<?> e -> NODES.textNode(e.name());
      case Window w -> window(w);
      case Optional<?> o -> value(o.orElse(null), depth + 1);
      case Map<?, ?> map -> map(map, depth);
      case Iterable<?> items -> iterable(items, depth);
      case Record record -> record(record, depth);
      default -> value.getClass().isArray() ? array(value, depth) : other(value);
    };
  }

  /** A window as {@code {"start":…,"end":…}}, epoch milliseconds. */
  static ObjectNode window(Window window) {
    return NODES.objectNode().put("start", window.start()).put("end", window.end());
  }

  private static JsonNode real(double d) {
    return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
  }

  private static String base64(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private ObjectNode map(Map<?, ?> map, int depth) {
    ObjectNode node = NODES.objectNode();
    map.forEach((k, v) -> node.set(String.valueOf(k), value(v, depth + 1)));
    return node;
  }

  private ArrayNode iterable(Iterable<?> items, int depth) {
    ArrayNode node = NODES.arrayNode();
    items.forEach(item -> node.add(value(item, depth + 1)));
    return node;
  }

  private ArrayNode array(Object array, int depth) {
    ArrayNode node = NODES.arrayNode();
    for (int i = 0; i < Array.getLength(array); i++) {
      node.add(value(Array.get(array, i), depth + 1));
    }
    return node;
  }

  private JsonNode record(Record record, int depth) {
    ObjectNode node = NODES.objectNode();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      try {
        var accessor = component.getAccessor();
        accessor.trySetAccessible();
        node.set(component.getName(), value(accessor.invoke(record), depth + 1));
      } catch (IllegalAccessException | InvocationTargetException e) {
        return other(record);
      }
    }
    return node;
  }

  private JsonNode other(Object value) {
    try {
      return mapper.valueToTree(value);
    } catch (IllegalArgumentException e) {
      return NODES.textNode(String.valueOf(value));
    }
  }
}
