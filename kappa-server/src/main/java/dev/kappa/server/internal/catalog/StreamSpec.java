package dev.kappa.server.internal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.log.RetentionPolicy;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.Compatibility;
import dev.kappa.server.internal.http.ApiException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The body of {@code PUT /streams/{stream}}, checked. Every field is optional; null means "not
 * given", which for a new stream means the default and for an existing one means "keep".
 *
 * <pre>{"partitions":4, "retention":{"ms":86400000,"bytes":1073741824}, "schemaless":false,
 *  "compatibility":"BACKWARD", "eventTimeField":"ts", "schema":{…Avro record…}}</pre>
 *
 * @param partitions 1 to {@value StreamConfig#MAX_PARTITIONS}
 * @param retention the retention; {@code "retention":null} or both limits null means forever
 * @param schemaless whether values are free-form rather than Avro
 * @param compatibility the schema evolution rule
 * @param eventTimeFieldGiven whether {@code eventTimeField} was in the body (it may be null)
 * @param eventTimeField the field holding event time, or null
 * @param schema the first (or next) Avro schema as JSON text
 */
public record StreamSpec(
    Integer partitions,
    RetentionPolicy retention,
    Boolean schemaless,
    Compatibility compatibility,
    boolean eventTimeFieldGiven,
    String eventTimeField,
    String schema) {

  private static final Set<String> FIELDS =
      Set.of("partitions", "retention", "schemaless", "compatibility", "eventTimeField", "schema");

  /** A spec with nothing given. */
  public static final StreamSpec EMPTY = new StreamSpec(null, null, null, null, false, null, null);

  /**
   * @param body the parsed body, or null for an empty body
   * @throws ApiException {@code invalid_request} naming the field
   */
  public static StreamSpec parse(JsonNode body) {
    if (body == null || body.isNull()) {
      return EMPTY;
    }
    if (!body.isObject()) {
      throw ApiException.invalidRequest("the stream settings must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.invalidRequest(
            "unknown field '"
                + name
                + "'; known fields: "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    Boolean schemaless = body.has("schemaless") ? bool(body.get("schemaless"), "schemaless") : null;
    String schema = body.has("schema") ? schemaText(body.get("schema")) : null;
    if (Boolean.TRUE.equals(schemaless) && schema != null) {
      throw ApiException.invalidRequest("a schemaless stream takes no schema");
    }
    return new StreamSpec(
        body.has("partitions") ? partitions(body.get("partitions")) : null,
        body.has("retention") ? retention(body.get("retention")) : null,
        schemaless,
        body.has("compatibility") ? compatibility(body.get("compatibility")) : null,
        body.has("eventTimeField"),
        body.has("eventTimeField") ? eventTimeField(body.get("eventTimeField")) : null,
        schema);
  }

  private static int partitions(JsonNode node) {
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.intValue() < 1
        || node.intValue() > StreamConfig.MAX_PARTITIONS) {
      throw ApiException.invalidRequest(
          "partitions must be a whole number from 1 to "
              + StreamConfig.MAX_PARTITIONS
              + ", was "
              + node);
    }
    return node.intValue();
  }

  private static RetentionPolicy retention(JsonNode node) {
    if (node.isNull()) {
      return RetentionPolicy.forever();
    }
    if (!node.isObject()) {
      throw ApiException.invalidRequest(
          "retention must be an object such as {\"ms\":…,\"bytes\":…}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("ms") && !name.equals("bytes")) {
        throw ApiException.invalidRequest(
            "unknown retention field '" + name + "'; known: ms, bytes");
      }
    }
    long ms = limit(node.get("ms"), "retention.ms");
    long bytes = limit(node.get("bytes"), "retention.bytes");
    return new RetentionPolicy(ms < 0 ? null : Duration.ofMillis(ms), bytes < 0 ? -1 : bytes);
  }

  /** A positive limit, or -1 for "no limit" (absent, null or -1). */
  private static long limit(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return -1;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToLong()
        || (node.longValue() < 1 && node.longValue() != -1)) {
      throw ApiException.invalidRequest(
          field + " must be a positive whole number, or -1 or null for no limit, was " + node);
    }
    return node.longValue();
  }

  private static boolean bool(JsonNode node, String field) {
    if (!node.isBoolean()) {
      throw ApiException.invalidRequest(field + " must be true or false, was " + node);
    }
    return node.booleanValue();
  }

  private static Compatibility compatibility(JsonNode node) {
    if (node.isTextual()) {
      try {
        return Compatibility.valueOf(node.textValue().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the error naming the choices
      }
    }
    throw ApiException.invalidRequest(
        "compatibility must be one of "
            + java.util.Arrays.toString(Compatibility.values())
            + ", was "
            + node);
  }

  private static String eventTimeField(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw ApiException.invalidRequest("eventTimeField must be a field name or null, was " + node);
    }
    return node.textValue();
  }

  /** The text of a schema given as a JSON object or as a string holding one. */
  static String schemaText(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isObject()) {
      return node.toString();
    }
    throw ApiException.invalidRequest(
        "schema must be an Avro record schema object, was " + node.getNodeType());
  }
}
