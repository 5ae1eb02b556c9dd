package dev.kappa.engine.internal;

/**
 * A cached state entry: its accumulator (or {@link SessionList}), whether it changed since the last
 * commit, whether the store has it yet, and its window's end. Not thread-safe.
 */
final class Slot {

  Object value;
  boolean dirty;
  boolean stored;
  final long windowEnd;

  Slot(Object value, boolean stored, long windowEnd) {
    this.value = value;
    this.stored = stored;
    this.windowEnd = windowEnd;
  }
}
