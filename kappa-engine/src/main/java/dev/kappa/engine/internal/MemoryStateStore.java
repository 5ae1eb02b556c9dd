package dev.kappa.engine.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * State in memory, for tests and the test kit: an immutable sorted map replaced whole on each write
 * (copy-on-write), so snapshots are free and always consistent. Writes cost O(size); fine for
 * tests, not for production volumes.
 *
 * <p>Thread-safe.
 */
public final class MemoryStateStore implements StateStore {

  /** The contents and how many writes made them, replaced together. */
  private record Contents(NavigableMap<ByteKey, byte[]> data, long version) {}

  private volatile Contents contents = new Contents(new TreeMap<>(), 0);

  @Override
  public byte[] get(byte[] key) {
    byte[] value = contents.data().get(new ByteKey(key));
    return value == null ? null : value.clone();
  }

  @Override
  public synchronized void write(StateBatch batch) {
    Contents current = contents;
    TreeMap<ByteKey, byte[]> next = new TreeMap<>(current.data());
    batch.forEach(
        (key, value) -> {
          if (value == null) {
            next.remove(new ByteKey(key));
          } else {
            next.put(new ByteKey(key), value);
          }
        });
    contents = new Contents(next, current.version() + 1);
  }

  @Override
  public Snapshot snapshot() {
    Contents read = contents;
    NavigableMap<ByteKey, byte[]> frozen = read.data();
    return new Snapshot() {
      @Override
      public long version() {
        return read.version();
      }

      @Override
      public byte[] get(byte[] key) {
        byte[] value = frozen.get(new ByteKey(key));
        return value == null ? null : value.clone();
      }

      @Override
      public void scan(byte[] from, byte[] to, EntryVisitor visitor) {
        NavigableMap<ByteKey, byte[]> range =
            to == null
                ? frozen.tailMap(new ByteKey(from), true)
                : frozen.subMap(new ByteKey(from), true, new ByteKey(to), false);
        for (Map.Entry<ByteKey, byte[]> e : range.entrySet()) {
          if (!visitor.visit(
              e.getKey().bytes().clone(), Arrays.copyOf(e.getValue(), e.getValue().length))) {
            return;
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
