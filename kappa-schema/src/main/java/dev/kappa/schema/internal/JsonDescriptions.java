package dev.kappa.schema.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * The words of a conversion error: what a schema expects, what a JSON value is, and the path
 * segments that lead to it.
 *
 * <p>Expected types read like Avro ({@code int}, {@code decimal(10,2)}, {@code null or string}),
 * with the accepted JSON forms in parentheses where they are not obvious. Found values are brief:
 * {@code string "abc"} (cut after {@value #MAX_SHOWN} characters), {@code number 1.5}, {@code
 * boolean true}, {@code object}, {@code array}, {@code null}, or {@code missing}.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonDescriptions {

  /** Longest string or number shown in full in a found description. */
  static final int MAX_SHOWN = 40;

  /** Most enum symbols listed in an expected description. */
  private static final int MAX_SYMBOLS = 20;

  static final String INT_RANGE = "int (whole number from -2147483648 to 2147483647)";
  static final String LONG_RANGE =
      "long (whole number from -9223372036854775808 to 9223372036854775807)";

  private JsonDescriptions() {}

  /** What {@code json} is, briefly; a Java null or a missing node is {@code missing}. */
  static String found(JsonNode json) {
    if (json == null || json.isMissingNode()) {
      return "missing";
    }
    return switch (json.getNodeType()) {
      case NULL -> "null";
      case BOOLEAN -> "boolean " + json.booleanValue();
      case NUMBER -> "number " + cut(json.asText());
      case STRING -> "string " + quote(json.textValue());
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case BINARY -> "binary";
      case MISSING -> "missing";
    };
  }

  /** What {@code schema} accepts, with the accepted JSON forms spelt out where they help. */
  static String expected(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical != null) {
      return logicalExpected(schema, logical);
    }
    return switch (schema.getType()) {
      case INT -> INT_RANGE;
      case LONG -> LONG_RANGE;
      case FLOAT -> "float (number, or \"NaN\", \"Infinity\", \"-Infinity\")";
      case DOUBLE -> "double (number, or \"NaN\", \"Infinity\", \"-Infinity\")";
      case BYTES -> "bytes (base64 string)";
      case FIXED ->
          "fixed " + schema.getFullName() + " (" + schema.getFixedSize() + " bytes, base64)";
      case ENUM -> "enum " + schema.getFullName() + " (" + symbols(schema.getEnumSymbols()) + ")";
      default -> brief(schema);
    };
  }

  /** A short name for {@code schema}, as used inside descriptions of arrays, maps and unions. */
  static String brief(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    if (logical != null) {
      return logical.getName();
    }
    return switch (schema.getType()) {
      case RECORD -> "record " + schema.getFullName();
      case ENUM -> "enum " + schema.getFullName();
      case FIXED -> "fixed " + schema.getFullName();
      case ARRAY -> "array of " + brief(schema.getElementType());
      case MAP -> "map of " + brief(schema.getValueType());
      case UNION -> union(schema.getTypes());
      default -> schema.getName();
    };
  }

  private static String logicalExpected(Schema schema, LogicalType logical) {
    return switch (logical.getName()) {
      case "timestamp-millis" -> "timestamp-millis (epoch milliseconds or ISO-8601 instant)";
      case "timestamp-micros" -> "timestamp-micros (epoch microseconds or ISO-8601 instant)";
      case "timestamp-nanos" -> "timestamp-nanos (epoch nanoseconds or ISO-8601 instant)";
      case "local-timestamp-millis" ->
          "local-timestamp-millis (milliseconds since 1970-01-01T00:00"
              + " or ISO-8601 local date-time)";
      case "local-timestamp-micros" ->
          "local-timestamp-micros (microseconds since 1970-01-01T00:00"
              + " or ISO-8601 local date-time)";
      case "local-timestamp-nanos" ->
          "local-timestamp-nanos (nanoseconds since 1970-01-01T00:00"
              + " or ISO-8601 local date-time)";
      case "date" -> "date (ISO-8601 date or days since 1970-01-01)";
      case "time-millis" -> "time-millis (ISO-8601 local time or milliseconds after midnight)";
      case "time-micros" -> "time-micros (ISO-8601 local time or microseconds after midnight)";
      case "uuid" -> "uuid (string such as 123e4567-e89b-12d3-a456-426614174000)";
      case "big-decimal" -> "big-decimal (number or numeric string)";
      case "decimal" -> {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
        yield brief(schema)
            + " (number or numeric string, at most "
            + decimal.getPrecision()
            + " digits, "
            + decimal.getScale()
            + " after the point)";
      }
      default -> brief(schema);
    };
  }

  private static String union(List<Schema> branches) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < branches.size(); i++) {
      if (i > 0) {
        text.append(i == branches.size() - 1 ? " or " : ", ");
      }
      text.append(brief(branches.get(i)));
    }
    return text.toString();
  }

  private static String symbols(List<String> symbols) {
    if (symbols.size() <= MAX_SYMBOLS) {
      return "one of " + String.join(", ", symbols);
    }
    return "one of "
        + String.join(", ", symbols.subList(0, MAX_SYMBOLS))
        + ", … "
        + (symbols.size() - MAX_SYMBOLS)
        + " more";
  }

  /** The segment of a record field: {@code .name}. Avro field names are always identifiers. */
  static String field(String name) {
    return "." + name;
  }

  /** The segment of an array element: {@code [2]}. */
  static String index(int index) {
    return "[" + index + "]";
  }

  /** The segment of a map entry: {@code ["key"]}. */
  static String key(String key) {
    return "[\"" + new String(JsonStringEncoder.getInstance().quoteAsString(key)) + "\"]";
  }

  /** The segment of any other object member: {@code .name} if an identifier, else {@code ["…"]}. */
  static String member(String name) {
    return isIdentifier(name) ? field(name) : key(name);
  }

  private static boolean isIdentifier(String name) {
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** {@code text} in double quotes, JSON-escaped, cut after {@value #MAX_SHOWN} characters. */
  static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(cut(text))) + "\"";
  }

  private static String cut(String text) {
    if (text.length() <= MAX_SHOWN) {
      return text;
    }
    int end = MAX_SHOWN;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
