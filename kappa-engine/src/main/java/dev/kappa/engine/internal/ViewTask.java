package dev.kappa.engine.internal;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import dev.kappa.engine.Source;
import dev.kappa.engine.Step;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewFailedException;
import dev.kappa.engine.ViewOptions.ErrorPolicy;
import dev.kappa.engine.WindowSpec;
import dev.kappa.log.RecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a view to records, one at a time, keeping changes in a write-back cache until {@link
 * #commit} writes them, with the input positions, in one atomic store write. The store therefore
 * always holds the state of exactly the records before its positions: a restart resumes from there
 * and each record affects state exactly once.
 *
 * <p><b>Determinism.</b> A partition's watermark is its maximum event time so far minus the allowed
 * lateness; an event is late if every window it falls in ends at or before <em>its own
 * partition's</em> watermark (session windows: if its time is below it). Both depend only on the
 * partition's contents, not on how partitions interleave. The global watermark (the minimum over
 * partitions) only decides which windows count as closed and when closed windows expire; since a
 * non-late event's windows end after its partition's watermark, and so after the global one, an
 * event never changes a closed window.
 *
 * <p><b>Errors.</b> Decoding, steps and keying run before any state changes: if they throw, the
 * record goes to the error output (or the view fails). If an aggregation throws, state may be
 * half-updated, so the task drops everything since the last commit and throws {@link
 * RollbackException}; the record is remembered and sent to the error output when fed again.
 *
 * <p>Not thread-safe: one thread feeds it. {@link #commit} leaves the store consistent for readers.
 */
public final class ViewTask {

  private static final byte[] EMPTY = new byte[0];

  private final View<?, ?> view;
  private final List<Source> sources;
  private final Aggregation<Object, Object, Object> aggregation;
  private final Serde<Object> accumulatorSerde;
  private final Serde<Object> keySerde;
  private final WindowSpec window;
  private final long lateness;
  private final long retention;
  private final StateStore store;
  private final int maxCacheEntries;
  private final int[] base;
  private final int[] partitionCounts;

  private final long[] next;
  private final long[] maxTime;
  private final long[] committedNext;
  private final long[] committedMaxTime;
  private final long[] counters = new long[3];
  private final long[] committedCounters = new long[3];
  private final HashMap<ByteKey, Slot> cache = new HashMap<>();
  private final TreeMap<ByteKey, byte[]> pendingSide = new TreeMap<>();
  private final Map<ByteKey, String> poison = new HashMap<>();
  private final List<Object> values = new ArrayList<>();
  private final List<byte[]> keys = new ArrayList<>();
  private long uncommitted;

  /**
   * @param partitionCounts the partition count of each source, in source order
   */
  @SuppressWarnings("unchecked")
  public ViewTask(View<?, ?> view, int[] partitionCounts, StateStore store, int maxCacheEntries) {
    this.view = view;
    this.sources = view.sources();
    this.aggregation = (Aggregation<Object, Object, Object>) view.aggregation();
    this.accumulatorSerde = (Serde<Object>) aggregation.accumulatorSerde();
    this.keySerde = (Serde<Object>) view.keySerde();
    this.window = view.window().orElse(null);
    this.lateness = view.options().allowedLatenessMs();
    this.retention = view.options().closedWindowRetentionMs();
    this.store = store;
    this.maxCacheEntries = maxCacheEntries;
    this.partitionCounts = partitionCounts.clone();
    this.base = new int[partitionCounts.length];
    int total = 0;
    for (int s = 0; s < partitionCounts.length; s++) {
      base[s] = total;
      total += partitionCounts[s];
    }
    next = new long[total];
    maxTime = new long[total];
    for (int s = 0; s < partitionCounts.length; s++) {
      for (int p = 0; p < partitionCounts[s]; p++) {
        byte[] position = store.get(StateKeys.position(s, p));
        int flat = base[s] + p;
        if (position == null) {
          maxTime[flat] = Long.MIN_VALUE;
        } else {
          ByteBuffer in = ByteBuffer.wrap(position);
          next[flat] = in.getLong();
          maxTime[flat] = in.getLong();
        }
      }
    }
    byte[] stored = store.get(StateKeys.COUNTERS);
    if (stored != null) {
      ByteBuffer in = ByteBuffer.wrap(stored);
      for (int i = 0; i < counters.length; i++) {
        counters[i] = in.getLong();
      }
    }
    committedNext = next.clone();
    committedMaxTime = maxTime.clone();
    System.arraycopy(counters, 0, committedCounters, 0, counters.length);
  }

  public int sourceCount() {
    return partitionCounts.length;
  }

  public int partitionCount(int source) {
    return partitionCounts[source];
  }

  /** The next offset to feed from this partition. */
  public long nextOffset(int source, int partition) {
    return next[base[source] + partition];
  }

  public long committedOffset(int source, int partition) {
    return committedNext[base[source] + partition];
  }

  /** Records processed, including those not yet committed. */
  public long processed() {
    return counters[0];
  }

  /** Records processed since the last commit. */
  public long uncommitted() {
    return uncommitted;
  }

  public boolean cacheFull() {
    return cache.size() >= maxCacheEntries;
  }

  /**
   * Applies one record of source {@code source}. Records at offsets already applied are ignored.
   *
   * @throws RollbackException if an aggregation threw; feed again from {@link #nextOffset}
   * @throws ViewFailedException if the view's code threw and its policy is FAIL
   */
  public void process(int source, RecordView record) {
    int partition = record.partition();
    int flat = base[source] + partition;
    long offset = record.offset();
    if (offset < next[flat]) {
      return;
    }
    long eventTime = record.eventTime();
    ByteKey sideKey = null;
    if (!poison.isEmpty()) {
      sideKey = new ByteKey(StateKeys.sideOutput(StateKeys.ERROR, source, partition, offset));
      String reason = poison.get(sideKey);
      if (reason != null) {
        sideOutput(StateKeys.ERROR, source, partition, offset, eventTime, reason);
        advance(flat, offset, eventTime);
        return;
      }
    }
    values.clear();
    keys.clear();
    try {
      Object decoded = sources.get(source).decoder().decode(record);
      run(sources.get(source).steps(), 0, decoded);
      for (Object value : values) {
        Object key = view.key().apply(value);
        if (key == null) {
          throw new IllegalArgumentException("the key function returned null");
        }
        keys.add(keySerde.serialize(key));
      }
    } catch (RuntimeException e) {
      userError(source, partition, offset, eventTime, e);
      advance(flat, offset, eventTime);
      return;
    }
    if (eventTime > maxTime[flat]) {
      maxTime[flat] = eventTime;
    }
    long watermark = watermark(maxTime[flat]);
    boolean counted = false;
    try {
      for (int i = 0; i < values.size(); i++) {
        Origin origin = new Origin(eventTime, source, partition, offset, i);
        counted |= apply(keys.get(i), values.get(i), origin, watermark);
      }
    } catch (RuntimeException e) {
      if (view.options().onError() == ErrorPolicy.FAIL) {
        rollback();
        throw failure(source, partition, offset, e);
      }
      rollback();
      poison.put(
          sideKey != null
              ? sideKey
              : new ByteKey(StateKeys.sideOutput(StateKeys.ERROR, source, partition, offset)),
          reason(e));
      throw new RollbackException(
          "aggregation failed on " + describe(source, partition, offset) + "; rolled back", e);
    }
    if (!counted && !values.isEmpty()) {
      sideOutput(
          StateKeys.LATE,
          source,
          partition,
          offset,
          eventTime,
          "event time " + eventTime + " is behind the partition watermark " + watermark);
    }
    advance(flat, offset, eventTime);
  }

  private void run(List<Step> steps, int from, Object value) {
    for (int i = from; i < steps.size(); i++) {
      switch (steps.get(i)) {
        case Step.Filter f -> {
          if (!f.predicate().test(value)) {
            return;
          }
        }
        case Step.Map m -> value = m.function().apply(value);
        case Step.FlatMap fm -> {
          for (Object each : fm.function().apply(value)) {
            run(steps, i + 1, each);
          }
          return;
        }
      }
    }
    values.add(value);
  }

  /** Folds one element into its windows; whether any window took it. */
  private boolean apply(byte[] key, Object value, Origin origin, long watermark) {
    long t = origin.eventTime();
    switch (window) {
      case null -> {
        update(StateKeys.entry(key, Long.MIN_VALUE), Long.MAX_VALUE, value, origin);
        return true;
      }
      case WindowSpec.Tumbling(long size) -> {
        long start = Math.floorDiv(t, size) * size;
        long end = SessionList.saturatedAdd(start, size);
        if (end <= watermark) {
          return false;
        }
        update(StateKeys.entry(key, start), end, value, origin);
        return true;
      }
      case WindowSpec.Hopping(long size, long advance) -> {
        boolean any = false;
        for (long start = Math.floorDiv(t, advance) * advance; start > t - size; start -= advance) {
          long end = SessionList.saturatedAdd(start, size);
          if (end > watermark) {
            update(StateKeys.entry(key, start), end, value, origin);
            any = true;
          }
        }
        return any;
      }
      case WindowSpec.Session(long gap) -> {
        if (t < watermark) {
          return false;
        }
        Slot slot = slot(StateKeys.entry(key, Long.MIN_VALUE), Long.MAX_VALUE, true);
        ((SessionList) slot.value).add(aggregation, gap, value, origin);
        slot.dirty = true;
        return true;
      }
    }
  }

  private void update(byte[] entry, long end, Object value, Origin origin) {
    Slot slot = slot(entry, end, false);
    slot.value = aggregation.add(slot.value, value, origin);
    slot.dirty = true;
  }

  private Slot slot(byte[] entry, long end, boolean session) {
    ByteKey key = new ByteKey(entry);
    Slot slot = cache.get(key);
    if (slot == null) {
      byte[] stored = store.get(entry);
      Object value;
      if (session) {
        value =
            stored == null
                ? SessionList.empty()
                : SessionList.deserialize(stored, accumulatorSerde);
      } else {
        value = stored == null ? aggregation.init() : accumulatorSerde.deserialize(stored);
      }
      slot = new Slot(value, stored != null, end);
      if (value instanceof SessionList sessions
          && stored != null
          && retention != Long.MAX_VALUE
          && !sessions.sessions().isEmpty()) {
        slot.indexedEnd = sessions.firstEnd();
      }
      cache.put(key, slot);
    }
    return slot;
  }

  private void advance(int flat, long offset, long eventTime) {
    next[flat] = offset + 1;
    counters[0]++;
    uncommitted++;
  }

  private void userError(
      int source, int partition, long offset, long eventTime, RuntimeException e) {
    if (view.options().onError() == ErrorPolicy.FAIL) {
      rollback();
      throw failure(source, partition, offset, e);
    }
    sideOutput(StateKeys.ERROR, source, partition, offset, eventTime, reason(e));
  }

  private ViewFailedException failure(int source, int partition, long offset, RuntimeException e) {
    return new ViewFailedException(
        "view "
            + view.id()
            + " failed on "
            + describe(source, partition, offset)
            + ": "
            + reason(e),
        e);
  }

  private void sideOutput(
      byte kind, int source, int partition, long offset, long eventTime, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] value =
        ByteBuffer.allocate(Long.BYTES + text.length).putLong(eventTime).put(text).array();
    pendingSide.put(new ByteKey(StateKeys.sideOutput(kind, source, partition, offset)), value);
    counters[kind == StateKeys.LATE ? 1 : 2]++;
  }

  private String describe(int source, int partition, long offset) {
    return sources.get(source).stream() + "/" + partition + "@" + offset;
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private long watermark(long maxEventTime) {
    return maxEventTime == Long.MIN_VALUE
        ? Long.MIN_VALUE
        : SessionList.saturatedAdd(maxEventTime, -lateness);
  }

  /** The smallest partition watermark; {@link Long#MIN_VALUE} while any partition has no event. */
  public long globalWatermark() {
    long min = Long.MAX_VALUE;
    for (long t : maxTime) {
      min = Math.min(min, watermark(t));
    }
    return maxTime.length == 0 ? Long.MIN_VALUE : min;
  }

  /** Drops every change since the last commit. */
  public void rollback() {
    cache.clear();
    pendingSide.clear();
    System.arraycopy(committedNext, 0, next, 0, next.length);
    System.arraycopy(committedMaxTime, 0, maxTime, 0, maxTime.length);
    System.arraycopy(committedCounters, 0, counters, 0, counters.length);
    uncommitted = 0;
  }

  /** Writes every change since the last commit, with the positions, in one atomic store write. */
  public void commit() {
    Map<ByteKey, byte[]> changes = new HashMap<>();
    long limit = expiryLimit();
    boolean fixedWindows =
        window instanceof WindowSpec.Tumbling || window instanceof WindowSpec.Hopping;
    if (window instanceof WindowSpec.Session && limit != Long.MIN_VALUE) {
      loadExpiringSessions(limit);
    }
    for (Iterator<Map.Entry<ByteKey, Slot>> it = cache.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ByteKey, Slot> e = it.next();
      Slot slot = e.getValue();
      if (slot.windowEnd <= limit) {
        it.remove(); // expired: the store copy, if any, goes with the expiry index below
        continue;
      }
      if (!slot.dirty) {
        continue;
      }
      if (slot.value instanceof SessionList sessions) {
        boolean any = sessions.expire(limit);
        changes.put(e.getKey(), any ? sessions.serialize(accumulatorSerde) : null);
        reindex(changes, e.getKey(), slot, any ? sessions.firstEnd() : Slot.NOT_INDEXED);
      } else {
        changes.put(e.getKey(), accumulatorSerde.serialize(slot.value));
        if (!slot.stored && fixedWindows && retention != Long.MAX_VALUE) {
          changes.put(new ByteKey(StateKeys.expiry(slot.windowEnd, e.getKey().bytes())), EMPTY);
        }
      }
    }
    if (fixedWindows && limit != Long.MIN_VALUE) {
      try (StateStore.Snapshot snapshot = store.snapshot()) {
        snapshot.scan(
            new byte[] {StateKeys.EXPIRY},
            StateKeys.expiryBound(limit),
            (key, value) -> {
              changes.put(new ByteKey(key), null);
              changes.put(new ByteKey(StateKeys.expiryEntry(key)), null);
              return true;
            });
      }
    }
    for (int s = 0; s < partitionCounts.length; s++) {
      for (int p = 0; p < partitionCounts[s]; p++) {
        int flat = base[s] + p;
        if (next[flat] != committedNext[flat] || maxTime[flat] != committedMaxTime[flat]) {
          changes.put(
              new ByteKey(StateKeys.position(s, p)),
              ByteBuffer.allocate(16).putLong(next[flat]).putLong(maxTime[flat]).array());
        }
      }
    }
    ByteBuffer counterBytes = ByteBuffer.allocate(counters.length * Long.BYTES);
    for (long c : counters) {
      counterBytes.putLong(c);
    }
    changes.put(new ByteKey(StateKeys.COUNTERS), counterBytes.array());
    changes.putAll(pendingSide);
    store.write(changes);
    for (Slot slot : cache.values()) {
      if (slot.dirty) {
        slot.dirty = false;
        slot.stored = true;
      }
    }
    pendingSide.clear();
    System.arraycopy(next, 0, committedNext, 0, next.length);
    System.arraycopy(maxTime, 0, committedMaxTime, 0, maxTime.length);
    System.arraycopy(counters, 0, committedCounters, 0, counters.length);
    uncommitted = 0;
    if (cache.size() > maxCacheEntries) {
      cache.clear();
    }
  }

  /**
   * Brings every session list that holds a session ending at or before {@code limit} into the
   * cache, marked dirty, so that {@link #commit} expires it even if its key saw no new event. A
   * session list is indexed by its first session's end, the smallest of its ends.
   */
  private void loadExpiringSessions(long limit) {
    List<byte[]> entries = new ArrayList<>();
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      snapshot.scan(
          new byte[] {StateKeys.EXPIRY},
          StateKeys.expiryBound(limit),
          (key, value) -> entries.add(StateKeys.expiryEntry(key)));
    }
    for (byte[] entry : entries) {
      slot(entry, Long.MAX_VALUE, true).dirty = true;
    }
  }

  /** Moves a session list's retention index entry to {@code firstEnd}, if retention is on. */
  private void reindex(Map<ByteKey, byte[]> changes, ByteKey entry, Slot slot, long firstEnd) {
    long indexed = retention == Long.MAX_VALUE ? Slot.NOT_INDEXED : firstEnd;
    if (indexed == slot.indexedEnd) {
      return;
    }
    if (slot.indexedEnd != Slot.NOT_INDEXED) {
      changes.put(new ByteKey(StateKeys.expiry(slot.indexedEnd, entry.bytes())), null);
    }
    if (indexed != Slot.NOT_INDEXED) {
      changes.put(new ByteKey(StateKeys.expiry(indexed, entry.bytes())), EMPTY);
    }
    slot.indexedEnd = indexed;
  }

  /** Windows ending at or before this have expired; {@link Long#MIN_VALUE} if none can. */
  private long expiryLimit() {
    long watermark = globalWatermark();
    if (retention == Long.MAX_VALUE || watermark == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return SessionList.saturatedAdd(watermark, -retention);
  }
}
