package dev.kappa.engine.internal;

/**
 * A cached state entry: its key, its accumulator (or {@link SessionList}), whether it changed since
 * the last commit, whether the store has it yet, and (session lists) the end under which the
 * retention index holds it. The key is held here, not in a separate map node, so that a cache
 * lookup follows one reference less. Not thread-safe.
 */
final class Slot {

  /** {@link #indexedEnd} of an entry the retention index does not hold. */
  static final long NOT_INDEXED = Long.MIN_VALUE;

  /** The key's bytes; never changed. */
  final byte[] key;

  Object value;
  boolean dirty;
  boolean stored;

  /** Whether its pane's touched list holds it: it was looked up since the last commit. */
  boolean touched;

  long indexedEnd = NOT_INDEXED;

  Slot(byte[] key, Object value, boolean stored) {
    this.key = key;
    this.value = value;
    this.stored = stored;
  }
}
