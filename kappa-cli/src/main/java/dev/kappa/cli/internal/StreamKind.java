package dev.kappa.cli.internal;

import dev.kappa.schema.StreamModel;
import java.util.Optional;

/**
 * What a stream is, as {@code kappa stream list} shows it: one of Kappa's own streams, a
 * dead-letter stream, or a stream of the kind its model makes it. Names decide first, so the schema
 * registry's stream is {@link #internal} and a dead-letter stream (schemaless by its model) is
 * {@link #deadletter}.
 */
enum StreamKind {
  /** Kappa's own, such as the schema registry's {@code _kappa.schemas}; read-only to clients. */
  internal,
  /** {@code <stream>.deadletter}: the events the server refused, with the reasons. */
  deadletter,
  /** Values follow the stream's versioned Avro schema. */
  avro,
  /** Any events, unvalidated. */
  schemaless,
  /** A log stream without a model: values are stored as sent. */
  plain;

  static final String INTERNAL_PREFIX = "_kappa.";
  static final String DEAD_LETTER_SUFFIX = ".deadletter";

  /** The kind of the stream {@code name} whose model, if it has one, is {@code model}. */
  static StreamKind of(String name, Optional<StreamModel> model) {
    if (name.startsWith(INTERNAL_PREFIX)) {
      return internal;
    }
    if (name.endsWith(DEAD_LETTER_SUFFIX)) {
      return deadletter;
    }
    return model.map(m -> m.kind() == StreamModel.Kind.AVRO ? avro : schemaless).orElse(plain);
  }
}
