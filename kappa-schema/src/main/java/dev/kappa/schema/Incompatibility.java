package dev.kappa.schema;

/**
 * One reason a schema cannot replace another.
 *
 * @param version the existing version it clashes with
 * @param direction {@code "backward"} (the new schema cannot read old data) or {@code "forward"}
 *     (old readers cannot read new data)
 * @param location where in the schema, as a JSON pointer such as {@code /fields/2/type}
 * @param kind Avro's incompatibility type, such as {@code READER_FIELD_MISSING_DEFAULT_VALUE}
 * @param message a sentence naming the field and the reason
 */
public record Incompatibility(
    int version, String direction, String location, String kind, String message) {}
