package dev.kappa.schema;

import dev.kappa.log.StreamConfig;
import java.util.Objects;

/**
 * A stream's canonical model: whether its values follow a versioned Avro schema or are schemaless,
 * how its schema may evolve, and where event time comes from.
 *
 * @param stream the stream name
 * @param kind {@link Kind#AVRO} (validated at ingest) or {@link Kind#SCHEMALESS} (any bytes)
 * @param compatibility the evolution rule for new schema versions
 * @param eventTimeField the top-level field holding event time (a {@code long} or a timestamp
 *     logical type), or null to take it from the CloudEvents {@code time} or the append time
 */
public record StreamModel(
    String stream, Kind kind, Compatibility compatibility, String eventTimeField) {

  /** What a stream's values are. */
  public enum Kind {
    AVRO,
    SCHEMALESS
  }

  public StreamModel {
    StreamConfig.validateName(stream);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(compatibility, "compatibility");
    if (eventTimeField != null && eventTimeField.isBlank()) {
      throw new IllegalArgumentException("eventTimeField must not be blank");
    }
  }

  /** A stream with Avro schemas, BACKWARD compatible, event time from the edge. */
  public static StreamModel avro(String stream) {
    return new StreamModel(stream, Kind.AVRO, Compatibility.BACKWARD, null);
  }

  /** A stream of raw bytes or arbitrary JSON. */
  public static StreamModel schemaless(String stream) {
    return new StreamModel(stream, Kind.SCHEMALESS, Compatibility.NONE, null);
  }

  public boolean schemaless() {
    return kind == Kind.SCHEMALESS;
  }

  public StreamModel withCompatibility(Compatibility compatibility) {
    return new StreamModel(stream, kind, compatibility, eventTimeField);
  }

  public StreamModel withEventTimeField(String eventTimeField) {
    return new StreamModel(stream, kind, compatibility, eventTimeField);
  }
}
