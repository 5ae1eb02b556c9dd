package dev.kappa.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import dev.kappa.schema.JsonValues;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One record as a line of the read endpoint's NDJSON: {@code {"partition","offset","eventTime",
 * "appendTime","key","headers","value"}}. The value is decoded for a reader:
 *
 * <ul>
 *   <li>Avro streams: decoded with the schema it was written with, resolved to the stream's latest
 *       schema, as plain JSON;
 *   <li>other streams: the value parsed as JSON if it is JSON, unless raw values were asked for;
 *   <li>otherwise the bytes in {@code "valueBase64"} (with {@code "valueError"} if an Avro value
 *       could not be decoded).
 * </ul>
 *
 * Keys and header values are UTF-8 text where they are valid UTF-8, else base64 in {@code
 * "keyBase64"}/{@code "valueBase64"}. Not thread-safe: one per response.
 */
final class RecordJson {

  private final JsonCodec json;
  private final SchemaRegistry registry;
  private final SchemaVersion readerSchema;
  private final boolean rawValues;

  /**
   * @param readerSchema the schema Avro values are resolved to, or null for non-Avro streams
   * @param rawValues whether non-Avro values are always sent as {@code valueBase64}
   */
  RecordJson(
      JsonCodec json, SchemaRegistry registry, SchemaVersion readerSchema, boolean rawValues) {
    this.json = json;
    this.registry = registry;
    this.readerSchema = readerSchema;
    this.rawValues = rawValues;
  }

  ObjectNode toJson(LogRecord record) {
    ObjectNode node = json.object();
    node.put("partition", record.partition());
    node.put("offset", record.offset());
    node.put("eventTime", record.eventTime());
    node.put("appendTime", record.appendTime());
    putBytes(node, "key", record.key());
    ArrayNode headers = node.putArray("headers");
    for (Header h : record.headers()) {
      putBytes(headers.addObject().put("key", h.key()), "value", h.value());
    }
    putValue(node, record.value());
    return node;
  }

  private void putValue(ObjectNode node, byte[] value) {
    if (readerSchema != null) {
      try {
        node.set(
            "value",
            JsonValues.toJson(
                registry.codec().decode(ByteBuffer.wrap(value), readerSchema.schema())));
        return;
      } catch (RuntimeException e) {
        node.put(
            "valueError",
            "not decodable with schema version " + readerSchema.version() + ": " + e.getMessage());
      }
    } else if (!rawValues && value.length > 0) {
      JsonNode parsed = parseOrNull(value);
      if (parsed != null) {
        node.set("value", parsed);
        return;
      }
    }
    node.put("valueBase64", Base64.getEncoder().encodeToString(value));
  }

  private JsonNode parseOrNull(byte[] value) {
    try {
      JsonNode parsed = json.parseLine(value, 1).value();
      return parsed == null || parsed.isMissingNode() ? null : parsed;
    } catch (ApiException tooDeepOrLong) {
      return null;
    }
  }

  /** {@code field} as text if the bytes are UTF-8, else {@code fieldBase64}; null stays null. */
  private static void putBytes(ObjectNode node, String field, byte[] bytes) {
    if (bytes == null) {
      node.putNull(field);
      return;
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      node.put(field, text);
    } catch (CharacterCodingException e) {
      node.put(field + "Base64", Base64.getEncoder().encodeToString(bytes));
    }
  }
}
