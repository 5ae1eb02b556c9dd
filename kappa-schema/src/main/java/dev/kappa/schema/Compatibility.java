package dev.kappa.schema;

/**
 * How a stream's schema may evolve; the names and meanings are those of the Confluent schema
 * registry, checked with Avro's own {@code SchemaCompatibility}.
 *
 * <ul>
 *   <li>{@code BACKWARD}: the new schema can read data written with the previous one.
 *   <li>{@code FORWARD}: the previous schema can read data written with the new one.
 *   <li>{@code FULL}: both.
 *   <li>{@code *_TRANSITIVE}: the same, against every earlier version, not just the latest.
 *   <li>{@code NONE}: anything goes.
 * </ul>
 */
public enum Compatibility {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE;

  /** Whether the new schema must be able to read data of older versions. */
  public boolean checksBackward() {
    return this == BACKWARD
        || this == BACKWARD_TRANSITIVE
        || this == FULL
        || this == FULL_TRANSITIVE;
  }

  /** Whether older versions must be able to read data of the new schema. */
  public boolean checksForward() {
    return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
  }

  /** Whether the check runs against every earlier version rather than only the latest. */
  public boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }
}
