package dev.kappa.engine.internal;

/**
 * A cached state entry: its accumulator (or {@link SessionList}), whether it changed since the last
 * commit, whether the store has it yet, and (session lists) the end under which the retention index
 * holds it. Not thread-safe.
 */
final class Slot {

  /** {@link #indexedEnd} of an entry the retention index does not hold. */
  static final long NOT_INDEXED = Long.MIN_VALUE;

  Object value;
  boolean dirty;
  boolean stored;
  long indexedEnd = NOT_INDEXED;

  Slot(Object value, boolean stored) {
    this.value = value;
    this.stored = stored;
  }
}
