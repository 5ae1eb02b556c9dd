package dev.kappa.engine;

/**
 * Converts values to bytes and back, for keys and accumulators kept in a view's state. {@code
 * serialize} must be deterministic (equal values give equal bytes), because state keys are compared
 * as bytes; {@code deserialize(serialize(v))} must equal {@code v}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Serde<T> {

  byte[] serialize(T value);

  T deserialize(byte[] bytes);
}
