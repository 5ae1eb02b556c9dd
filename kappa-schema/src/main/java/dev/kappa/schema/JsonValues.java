package dev.kappa.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.schema.internal.AvroToJson;
import dev.kappa.schema.internal.JsonToAvro;
import java.util.OptionalLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * JSON at the edge: converts JSON events to records of a stream's Avro schema, and records back to
 * plain JSON, including logical types (timestamps, dates, decimals, UUIDs).
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonValues {

  private JsonValues() {}

  /**
   * Converts a JSON object to a record of {@code schema}. Missing fields take their schema
   * defaults; unknown fields are rejected.
   *
   * @throws InvalidEventException naming the first field that does not fit
   * @throws IllegalArgumentException if {@code schema} is not a record schema
   */
  public static GenericRecord toAvro(JsonNode json, Schema schema) {
    return JsonToAvro.convert(json, schema);
  }

  /**
   * Converts a record to plain JSON: timestamps as ISO-8601, decimals as numbers, bytes as base64.
   */
  public static ObjectNode toJson(GenericRecord record) {
    return AvroToJson.convert(record);
  }

  /**
   * The event time, in epoch milliseconds, held in a top-level field: a {@code long} of epoch
   * milliseconds, a {@code timestamp-millis}, {@code -micros} or {@code -nanos} logical type
   * (rounded down to milliseconds), or an ISO-8601 string with an offset. Empty if the value is
   * null. Local timestamps are refused: they name no instant.
   *
   * @throws InvalidEventException if the field is missing from the schema, has another type, or
   *     holds a string that is not an ISO-8601 instant
   */
  public static OptionalLong eventTime(GenericRecord record, String field) {
    return JsonToAvro.eventTime(record, field);
  }
}
