package dev.kappa.engine.internal;

import dev.kappa.engine.KeyedProcessor;
import dev.kappa.engine.Origin;
import dev.kappa.engine.ProcessorContext;
import dev.kappa.engine.ProcessorSpec;
import dev.kappa.engine.Serde;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Runs a {@link KeyedProcessor}: holds elements and timers until the global watermark passes them,
 * then feeds them to the processor in event-time order (elements before timers of the same time,
 * elements by origin, timers by key). Pending elements and timers are part of the view's state,
 * written with its commits:
 *
 * <pre>
 * 0x05 [i64 time][u16 source][u32 partition][i64 offset][u32 index] → [u32 key length][key][value]
 * 0x06 [i64 time][u32 key length][key]                              → (empty)
 * </pre>
 *
 * Key states live in the view's {@link WindowCache} as unwindowed entries.
 *
 * <p>Not thread-safe: owned by one {@link ViewTask}.
 */
final class ProcessorRun {

  static final byte PENDING = 0x05;
  static final byte TIMER = 0x06;
  private static final byte[] EMPTY = new byte[0];

  /** Thrown when {@code onTimer} throws: the view must fail. */
  static final class TimerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimerFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Thrown when {@code process} throws on the element from {@code origin}. */
  static final class ElementFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Origin origin;

    ElementFailure(Origin origin, RuntimeException cause) {
      super(cause.getMessage(), cause);
      this.origin = origin;
    }
  }

  private final KeyedProcessor<Object, Object, Object> processor;
  private final Serde<Object> valueSerde;
  private final Serde<Object> keySerde;
  private final WindowCache cache;
  private final StateStore store;
  private final TreeMap<ByteKey, byte[]> pending = new TreeMap<>();
  private final TreeMap<ByteKey, byte[]> timers = new TreeMap<>();
  private final Context context = new Context();
  private StateBatch batch;

  ProcessorRun(ProcessorSpec spec, Serde<Object> keySerde, WindowCache cache, StateStore store) {
    this.processor = spec.processor();
    this.valueSerde = spec.valueSerde();
    this.keySerde = keySerde;
    this.cache = cache;
    this.store = store;
    reload();
  }

  /** Forgets what was not committed and reads the pending elements and timers of the store. */
  void reload() {
    pending.clear();
    timers.clear();
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      snapshot.scanPrefix(PENDING, (key, value) -> pending.put(new ByteKey(key), value) == null);
      snapshot.scanPrefix(TIMER, (key, value) -> timers.put(new ByteKey(key), key) == null);
    }
  }

  /** Holds an element until the watermark passes its time. */
  void add(byte[] keyBytes, Object value, Origin origin, StateBatch into) {
    byte[] serialized = valueSerde.serialize(value);
    byte[] key =
        ByteBuffer.allocate(1 + 8 + 2 + 4 + 8 + 4)
            .put(PENDING)
            .putLong(origin.eventTime() ^ Long.MIN_VALUE)
            .putShort((short) origin.source())
            .putInt(origin.partition())
            .putLong(origin.offset())
            .putInt(origin.index())
            .array();
    byte[] entry =
        ByteBuffer.allocate(4 + keyBytes.length + serialized.length)
            .putInt(keyBytes.length)
            .put(keyBytes)
            .put(serialized)
            .array();
    pending.put(new ByteKey(key), entry);
    into.put(key, entry);
  }

  /**
   * Feeds every element and timer before {@code watermark} to the processor, in order.
   *
   * @param poisoned elements to skip (their records went to the error output); each skipped one is
   *     reported to {@code skipped}
   */
  void release(
      long watermark,
      StateBatch into,
      Predicate<Origin> poisoned,
      java.util.function.Consumer<Origin> skipped) {
    this.batch = into;
    while (true) {
      Map.Entry<ByteKey, byte[]> element = pending.firstEntry();
      Map.Entry<ByteKey, byte[]> timer = timers.firstEntry();
      long elementTime = element == null ? Long.MAX_VALUE : time(element.getKey());
      long timerTime = timer == null ? Long.MAX_VALUE : time(timer.getKey());
      if (elementTime < watermark && elementTime <= timerTime) {
        pending.pollFirstEntry();
        into.delete(element.getKey().bytes());
        releaseElement(element.getKey().bytes(), element.getValue(), poisoned, skipped);
      } else if (timerTime < watermark) {
        timers.pollFirstEntry();
        into.delete(timer.getKey().bytes());
        fire(timer.getKey().bytes(), timerTime);
      } else {
        return;
      }
    }
  }

  private void releaseElement(
      byte[] key,
      byte[] entry,
      Predicate<Origin> poisoned,
      java.util.function.Consumer<Origin> skipped) {
    ByteBuffer k = ByteBuffer.wrap(key, 1, key.length - 1);
    long time = k.getLong() ^ Long.MIN_VALUE;
    Origin origin = new Origin(time, k.getShort(), k.getInt(), k.getLong(), k.getInt());
    if (poisoned.test(origin)) {
      skipped.accept(origin);
      return;
    }
    ByteBuffer e = ByteBuffer.wrap(entry);
    byte[] keyBytes = new byte[e.getInt()];
    e.get(keyBytes);
    byte[] value = Arrays.copyOfRange(entry, e.position(), entry.length);
    ByteKey stateKey = new ByteKey(keyBytes);
    context.set(stateKey, time, origin);
    try {
      processor.process(keySerde.deserialize(keyBytes), valueSerde.deserialize(value), context);
    } catch (RuntimeException failure) {
      throw new ElementFailure(origin, failure);
    }
  }

  private void fire(byte[] timerKey, long time) {
    byte[] keyBytes = Arrays.copyOfRange(timerKey, 1 + 8 + 4, timerKey.length);
    context.set(new ByteKey(keyBytes), time, null);
    try {
      processor.onTimer(keySerde.deserialize(keyBytes), context);
    } catch (RuntimeException failure) {
      throw new TimerFailure("timer at " + time + " failed: " + failure, failure);
    }
  }

  private static long time(ByteKey key) {
    return ByteBuffer.wrap(key.bytes(), 1, 8).getLong() ^ Long.MIN_VALUE;
  }

  private static byte[] timerKey(long time, byte[] keyBytes) {
    return ByteBuffer.allocate(1 + 8 + 4 + keyBytes.length)
        .put(TIMER)
        .putLong(time ^ Long.MIN_VALUE)
        .putInt(keyBytes.length)
        .put(keyBytes)
        .array();
  }

  /** The context of one call: the key's cached state, its timers, the time. Not thread-safe. */
  private final class Context implements ProcessorContext<Object> {

    private ByteKey key;
    private Slot slot;
    private long time;
    private Origin origin;

    void set(ByteKey key, long time, Origin origin) {
      this.key = key;
      this.slot = cache.slot(key, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false);
      this.time = time;
      this.origin = origin;
    }

    @Override
    public Object state() {
      return slot.value;
    }

    @Override
    public void update(Object state) {
      slot.value = state;
      slot.dirty = true;
    }

    @Override
    public void registerTimer(long at) {
      byte[] timer = timerKey(at, key.bytes());
      if (timers.put(new ByteKey(timer), timer) == null) {
        batch.put(timer, EMPTY);
      }
    }

    @Override
    public void deleteTimer(long at) {
      byte[] timer = timerKey(at, key.bytes());
      if (timers.remove(new ByteKey(timer)) != null) {
        batch.delete(timer);
      }
    }

    @Override
    public long time() {
      return time;
    }

    @Override
    public Origin origin() {
      return origin;
    }
  }
}
