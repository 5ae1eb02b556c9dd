package dev.kappa.engine;

import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.ValueCodec;
import java.util.Objects;

/**
 * What a {@link ViewProvider} may use to define its views: the schema registry of the log the views
 * will read, so that Avro decoders can pin a reader schema version ({@link Decoders#avro}) and
 * decode values with the {@link #codec()} of that registry.
 *
 * <p>Immutable; the registry is thread-safe.
 *
 * @param schemas the log's schema registry
 */
public record ViewContext(SchemaRegistry schemas) {

  public ViewContext {
    Objects.requireNonNull(schemas, "schemas");
  }

  /** The codec of the log's Avro values: what {@link Decoders#avro} decodes with. */
  public ValueCodec codec() {
    return schemas.codec();
  }
}
