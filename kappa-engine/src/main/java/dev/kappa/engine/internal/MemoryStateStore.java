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

  private volatile NavigableMap<ByteKey, byte[]> data = new TreeMap<>();

  @Override
  public byte[] get(byte[] key) {
    byte[] value = data.get(new ByteKey(key));
    return value == null ? null : value.clone();
  }

  @Override
  public synchronized void write(StateBatch batch) {
    TreeMap<ByteKey, byte[]> next = new TreeMap<>(data);
    batch.forEach(
        (key, value) -> {
          if (value == null) {
            next.remove(new ByteKey(key));
          } else {
            next.put(new ByteKey(key), value);
          }
        });
    data = next;
  }

  @Override
  public Snapshot snapshot() {
    NavigableMap<ByteKey, byte[]> frozen = data;
    return new Snapshot() {
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
