package dev.kappa.engine.internal;

/**
 * A view's durable key-value state. {@link #write} applies all its changes atomically and durably,
 * or none; readers see only whole writes.
 *
 * <p>Implementations are thread-safe: one writer (the view's task) and any number of readers.
 */
public interface StateStore extends AutoCloseable {

  /** The committed value, or null. */
  byte[] get(byte[] key);

  /**
   * Applies {@code batch} atomically and durably.
   *
   * @throws StateStoreException if the write fails; nothing of it is applied
   */
  void write(StateBatch batch);

  /** A consistent, read-only view of the committed state. Close it when done. */
  Snapshot snapshot();

  @Override
  void close();

  /** A point-in-time read view. Not thread-safe. */
  interface Snapshot extends AutoCloseable {

    /**
     * Which state this snapshot reads: two snapshots of one store with the same version read the
     * same contents, so what is derived from one may be reused for the other.
     */
    long version();

    byte[] get(byte[] key);

    /**
     * Visits keys in {@code [from, to)} in order ({@code to} null: to the end) until it returns
     * false.
     */
    void scan(byte[] from, byte[] to, EntryVisitor visitor);

    /** Visits every key starting with the byte {@code prefix} (one of {@link StateKeys}' tags). */
    default void scanPrefix(byte prefix, EntryVisitor visitor) {
      scan(new byte[] {prefix}, new byte[] {(byte) (prefix + 1)}, visitor);
    }

    @Override
    void close();
  }

  @FunctionalInterface
  interface EntryVisitor {
    boolean visit(byte[] key, byte[] value);
  }
}
