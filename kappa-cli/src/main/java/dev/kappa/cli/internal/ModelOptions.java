package dev.kappa.cli.internal;

import dev.kappa.schema.Compatibility;
import dev.kappa.schema.StreamModel;

/**
 * The canonical-model settings of {@code kappa stream create}; every field is null when its flag
 * was not given.
 *
 * @param schemaless true for {@code --schemaless}
 * @param schema the text of {@code --schema FILE}, an Avro record schema
 * @param schemaFile the {@code FILE} it was read from ({@code -} for stdin), for messages
 * @param compatibility {@code --compatibility}
 * @param eventTimeField {@code --event-time-field}
 */
record ModelOptions(
    Boolean schemaless,
    String schema,
    String schemaFile,
    Compatibility compatibility,
    String eventTimeField) {

  ModelOptions {
    if (Boolean.TRUE.equals(schemaless) && schema != null) {
      throw new IllegalArgumentException("--schemaless and --schema exclude each other");
    }
    if (eventTimeField != null && eventTimeField.isBlank()) {
      throw new IllegalArgumentException("--event-time-field must not be blank");
    }
  }

  /** Whether no model flag was given: the stream is a plain log stream. */
  boolean isEmpty() {
    return schemaless == null && schema == null && compatibility == null && eventTimeField == null;
  }

  /**
   * The model these settings define for a new stream: Avro unless schemaless, with {@code BACKWARD}
   * (Avro) or {@code NONE} (schemaless) compatibility unless given; the same defaults the server
   * applies.
   */
  StreamModel model(String stream) {
    boolean free = Boolean.TRUE.equals(schemaless);
    Compatibility rule =
        compatibility != null ? compatibility : free ? Compatibility.NONE : Compatibility.BACKWARD;
    return new StreamModel(
        stream, free ? StreamModel.Kind.SCHEMALESS : StreamModel.Kind.AVRO, rule, eventTimeField);
  }
}
