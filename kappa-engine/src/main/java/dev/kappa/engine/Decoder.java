package dev.kappa.engine;

import dev.kappa.log.RecordView;

/**
 * Turns a log record into a view's input value. A decoder that throws sends the record to the
 * view's error output (or fails the view, as configured); it never touches state.
 *
 * <p>Implementations must be deterministic and thread-safe: the same record always decodes to an
 * equal value.
 */
@FunctionalInterface
public interface Decoder<T> {

  T decode(RecordView record);
}
