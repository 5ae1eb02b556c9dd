package dev.kappa.engine.internal;

import dev.kappa.engine.Join;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Runs a view's {@link Join}: holds elements of both sides until the global watermark passes them,
 * then joins them in event-time order (ties by origin) and hands each joined value on. Pending
 * elements, table rows and the elements a windowed join keeps are part of the view's state:
 *
 * <pre>
 * 0x07 [i64 time][u16 source][u32 partition][i64 offset][u32 index] → [u8 side][u32 key length][key][value]   pending
 * 0x08 [u32 key length][key]                                          → [row]                                  table rows
 * 0x09 [i64 time][u16 source][u32 partition][i64 offset][u32 index] → [u8 side][u32 key length][key][value]   kept (windowed join)
 * </pre>
 *
 * A table row applies to the elements released after it, so an element meets its key's row as of
 * its own event time. A windowed join matches each released element with the kept elements of the
 * other side within the window (all released before it, so each pair meets once) and drops kept
 * elements once the watermark is more than the window past them.
 *
 * <p>Not thread-safe: owned by one {@link ViewTask}.
 */
final class JoinRun {

  static final byte PENDING = 0x07;
  static final byte ROW = 0x08;
  static final byte KEPT = 0x09;
  private static final byte LEFT = 0;
  private static final byte RIGHT = 1;
  private static final byte TOMBSTONE = 2;
  private static final byte[] NO_ROW = new byte[0];

  /** Receives each joined value, with the origin of the element released last. */
  @FunctionalInterface
  interface Output {
    void accept(Object joined, Origin origin);
  }

  /** Thrown when user code fails on the element from {@code origin}. */
  static final class ElementFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Origin origin;

    ElementFailure(Origin origin, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.origin = origin;
    }
  }

  /** An element a windowed join keeps. */
  private record Kept(byte[] storeKey, byte side, long time, Object value) {}

  private final Join join;
  private final StateStore store;
  private final Serde<Object> leftSerde;
  private final Serde<Object> rightSerde;
  private final TreeMap<ByteKey, byte[]> pending = new TreeMap<>();
  private final Map<ByteKey, byte[]> rows = new HashMap<>();
  private final TreeMap<ByteKey, ByteKey> keptByTime = new TreeMap<>();
  private final Map<ByteKey, List<Kept>> keptByKey = new HashMap<>();

  JoinRun(Join join, StateStore store) {
    this.join = join;
    this.store = store;
    switch (join) {
      case Join.WithTable t -> {
        leftSerde = t.leftSerde();
        rightSerde = t.rowSerde();
      }
      case Join.Within w -> {
        leftSerde = w.leftSerde();
        rightSerde = w.rightSerde();
      }
    }
    reload();
  }

  /** Forgets what was not committed and reads pending and kept elements from the store. */
  void reload() {
    pending.clear();
    rows.clear();
    keptByTime.clear();
    keptByKey.clear();
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      snapshot.scanPrefix(PENDING, (key, value) -> pending.put(new ByteKey(key), value) == null);
      snapshot.scanPrefix(
          KEPT,
          (key, value) -> {
            Entry e = Entry.parse(value);
            keep(key, e.side(), time(key), e.keyBytes(), value(e));
            return true;
          });
    }
  }

  /** The serialized join key of a value from {@code source}; runs user code. */
  byte[] joinKey(int source, Object value) {
    Object key =
        switch (join) {
          case Join.WithTable t ->
              source < t.rightFrom() ? t.leftKey().apply(value) : t.rowKey().apply(value);
          case Join.Within w ->
              source < w.rightFrom() ? w.leftKey().apply(value) : w.rightKey().apply(value);
        };
    if (key == null) {
      throw new IllegalArgumentException("the join key function returned null");
    }
    return switch (join) {
      case Join.WithTable t -> t.keySerde().serialize(key);
      case Join.Within w -> w.keySerde().serialize(key);
    };
  }

  /** Holds an element until the watermark passes it. */
  void add(int source, byte[] keyBytes, Object value, Origin origin, StateBatch batch) {
    byte side = source < join.rightFrom() ? LEFT : RIGHT;
    byte[] serialized;
    if (side == RIGHT && join instanceof Join.WithTable t) {
      Object row = t.rowValue().apply(value);
      side = row == null ? TOMBSTONE : RIGHT;
      serialized = row == null ? NO_ROW : rightSerde.serialize(row);
    } else {
      serialized = (side == LEFT ? leftSerde : rightSerde).serialize(value);
    }
    byte[] key = originKey(PENDING, origin);
    byte[] entry = new Entry(side, keyBytes, serialized).toBytes();
    pending.put(new ByteKey(key), entry);
    batch.put(key, entry);
  }

  /** Joins everything before {@code watermark}, in order. */
  void release(
      long watermark,
      StateBatch batch,
      Output output,
      Predicate<Origin> poisoned,
      java.util.function.Consumer<Origin> skipped) {
    for (Map.Entry<ByteKey, byte[]> first;
        (first = pending.firstEntry()) != null && time(first.getKey().bytes()) < watermark; ) {
      pending.pollFirstEntry();
      byte[] key = first.getKey().bytes();
      batch.delete(key);
      Origin origin = origin(key);
      if (poisoned.test(origin)) {
        skipped.accept(origin);
        continue;
      }
      Entry e = Entry.parse(first.getValue());
      try {
        switch (join) {
          case Join.WithTable t -> joinWithTable(t, e, origin, batch, output);
          case Join.Within w -> joinWithin(w, e, key, origin, batch, output);
        }
      } catch (ElementFailure failure) {
        throw failure;
      } catch (RuntimeException failure) {
        throw new ElementFailure(origin, failure);
      }
    }
    if (join instanceof Join.Within w) {
      expire(SessionList.saturatedAdd(watermark, -w.withinMs()), batch);
    }
  }

  private void joinWithTable(
      Join.WithTable t, Entry e, Origin origin, StateBatch batch, Output output) {
    ByteKey rowKey = new ByteKey(rowKey(e.keyBytes()));
    if (e.side() == LEFT) {
      byte[] row = rows.containsKey(rowKey) ? rows.get(rowKey) : store.get(rowKey.bytes());
      Object joined =
          t.joiner()
              .apply(
                  leftSerde.deserialize(e.value()),
                  row == null ? null : rightSerde.deserialize(row));
      if (joined != null) {
        output.accept(joined, origin);
      }
    } else if (e.side() == TOMBSTONE) {
      rows.put(rowKey, null);
      batch.delete(rowKey.bytes());
    } else {
      rows.put(rowKey, e.value());
      batch.put(rowKey.bytes(), e.value());
    }
  }

  private void joinWithin(
      Join.Within w, Entry e, byte[] pendingKey, Origin origin, StateBatch batch, Output output) {
    Object value = value(e);
    long time = origin.eventTime();
    List<Kept> others = keptByKey.get(new ByteKey(e.keyBytes()));
    if (others != null) {
      for (Kept other : others) {
        if (other.side() != e.side() && time - other.time() <= w.withinMs()) {
          Object joined =
              e.side() == LEFT
                  ? w.joiner().apply(value, other.value())
                  : w.joiner().apply(other.value(), value);
          if (joined != null) {
            output.accept(joined, origin);
          }
        }
      }
    }
    byte[] keptKey = pendingKey.clone();
    keptKey[0] = KEPT;
    byte[] entry = e.toBytes();
    batch.put(keptKey, entry);
    keep(keptKey, e.side(), time, e.keyBytes(), value);
  }

  private void keep(byte[] storeKey, byte side, long time, byte[] keyBytes, Object value) {
    ByteKey joinKey = new ByteKey(keyBytes);
    keptByTime.put(new ByteKey(storeKey), joinKey);
    keptByKey
        .computeIfAbsent(joinKey, k -> new ArrayList<>())
        .add(new Kept(storeKey, side, time, value));
  }

  /** Drops kept elements at or before {@code limit}: nothing released later can be near enough. */
  private void expire(long limit, StateBatch batch) {
    for (Iterator<Map.Entry<ByteKey, ByteKey>> it = keptByTime.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<ByteKey, ByteKey> e = it.next();
      if (time(e.getKey().bytes()) >= limit) {
        return;
      }
      it.remove();
      batch.delete(e.getKey().bytes());
      List<Kept> list = keptByKey.get(e.getValue());
      list.removeIf(k -> Arrays.equals(k.storeKey(), e.getKey().bytes()));
      if (list.isEmpty()) {
        keptByKey.remove(e.getValue());
      }
    }
  }

  private Object value(Entry e) {
    return (e.side() == LEFT ? leftSerde : rightSerde).deserialize(e.value());
  }

  private static byte[] rowKey(byte[] keyBytes) {
    return ByteBuffer.allocate(1 + 4 + keyBytes.length)
        .put(ROW)
        .putInt(keyBytes.length)
        .put(keyBytes)
        .array();
  }

  private static byte[] originKey(byte prefix, Origin origin) {
    return ByteBuffer.allocate(1 + 8 + 2 + 4 + 8 + 4)
        .put(prefix)
        .putLong(origin.eventTime() ^ Long.MIN_VALUE)
        .putShort((short) origin.source())
        .putInt(origin.partition())
        .putLong(origin.offset())
        .putInt(origin.index())
        .array();
  }

  private static long time(byte[] originKey) {
    return ByteBuffer.wrap(originKey, 1, 8).getLong() ^ Long.MIN_VALUE;
  }

  private static Origin origin(byte[] originKey) {
    ByteBuffer in = ByteBuffer.wrap(originKey, 1, originKey.length - 1);
    return new Origin(
        in.getLong() ^ Long.MIN_VALUE, in.getShort(), in.getInt(), in.getLong(), in.getInt());
  }

  /** A pending or kept element: its side, join key and serialized value. */
  private record Entry(byte side, byte[] keyBytes, byte[] value) {

    byte[] toBytes() {
      return ByteBuffer.allocate(1 + 4 + keyBytes.length + value.length)
          .put(side)
          .putInt(keyBytes.length)
          .put(keyBytes)
          .put(value)
          .array();
    }

    static Entry parse(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte side = in.get();
      byte[] key = new byte[in.getInt()];
      in.get(key);
      return new Entry(side, key, Arrays.copyOfRange(bytes, in.position(), bytes.length));
    }
  }
}
