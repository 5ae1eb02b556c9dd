package dev.kappa.engine.internal;

/**
 * A cached state entry: its accumulator (or {@link SessionList}), whether it changed since the last
 * commit, and whether the store has it yet. Not thread-safe.
 */
final class Slot {

  Object value;
  boolean dirty;
  boolean stored;

  Slot(Object value, boolean stored) {
    this.value = value;
    this.stored = stored;
  }
}
