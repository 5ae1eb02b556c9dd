package dev.kappa.engine.internal;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.Origin;
import dev.kappa.engine.Serde;
import dev.kappa.engine.Source;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewFailedException;
import dev.kappa.engine.ViewOptions.ErrorPolicy;
import dev.kappa.engine.WindowSpec;
import dev.kappa.log.RecordView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * record goes to the error output (or the view fails), and its time does not count for the
 * watermark. A record whose element fails later (in an aggregation, a processor or a join) goes to
 * the error output too, but its time counts, as it did when it was first seen. If an aggregation
 * throws, state may be half-updated, so the task drops everything since the last commit and throws
 * {@link RollbackException}; the record is remembered and sent to the error output when fed again.
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
  // The window and steps as plain fields: the per-record path avoids pattern switches.
  private final int windowKind;
  private final long windowSize;
  private final long windowAdvance;
  private final Slicing slicing;
  private final List<CompiledSteps> steps;
  private static final int GLOBAL = 0;
  private static final int TUMBLING = 1;
  private static final int HOPPING = 2;
  private static final int SESSION = 3;
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
  private final WindowCache cache;
  private final ProcessorRun run;
  private final JoinRun joinRun;
  private final CompiledSteps postSteps;
  private final List<Object> joinedValues = new ArrayList<>();
  private final Map<ByteKey, String> poison = new HashMap<>();
  private final List<Object> values = new ArrayList<>();
  private final List<byte[]> keys = new ArrayList<>();
  private long uncommitted;

  /** Whether some partition starts past 0 and no commit has written that yet. */
  private boolean startsUnwritten;

  /**
   * The largest window end in committed state, persisted so a restart can set {@link #absentAbove}.
   */
  private long maxCommittedEnd;

  private final CommitWriter writer;

  /**
   * The next commit's changes so far: closed windows evicted from the cache, side outputs. Written
   * as they happen, so they hold no Java objects per entry.
   */
  private final StateBatch batch = new StateBatch();

  private static final int EVICT_EVERY = 1024;

  /**
   * @param partitionCounts the partition count of each source, in source order
   */
  @SuppressWarnings("unchecked")
  public ViewTask(View<?, ?> view, int[] partitionCounts, StateStore store, int maxCacheEntries) {
    this(view, partitionCounts, store, maxCacheEntries, null);
  }

  /**
   * @param committer writes commits in the background while the task goes on processing (one at a
   *     time: a commit waits for the previous write), or null to write them in {@link #commit}
   */
  public ViewTask(
      View<?, ?> view,
      int[] partitionCounts,
      StateStore store,
      int maxCacheEntries,
      java.util.concurrent.Executor committer) {
    this(view, partitionCounts, store, maxCacheEntries, committer, null);
  }

  /**
   * @param startOffsets where each partition starts (flat, in source then partition order) if the
   *     store has no position for it yet, or null to start at 0; the first commit writes them
   */
  public ViewTask(
      View<?, ?> view,
      int[] partitionCounts,
      StateStore store,
      int maxCacheEntries,
      java.util.concurrent.Executor committer,
      long[] startOffsets) {
    this.view = view;
    this.sources = view.sources();
    this.aggregation = (Aggregation<Object, Object, Object>) view.aggregation();
    this.accumulatorSerde = (Serde<Object>) aggregation.accumulatorSerde();
    this.keySerde = (Serde<Object>) view.keySerde();
    this.window = view.window().orElse(null);
    switch (window) {
      case null -> {
        windowKind = GLOBAL;
        windowSize = 0;
        windowAdvance = 0;
      }
      case WindowSpec.Tumbling(long size) -> {
        windowKind = TUMBLING;
        windowSize = size;
        windowAdvance = size;
      }
      case WindowSpec.Hopping(long size, long advance) -> {
        windowKind = HOPPING;
        windowSize = size;
        windowAdvance = advance;
      }
      case WindowSpec.Session(long gap) -> {
        windowKind = SESSION;
        windowSize = gap;
        windowAdvance = 0;
      }
    }
    slicing =
        windowKind == TUMBLING || windowKind == HOPPING
            ? new Slicing(windowSize, windowAdvance)
            : null;
    steps = sources.stream().map(source -> new CompiledSteps(source.steps())).toList();
    postSteps = new CompiledSteps(view.postSteps());
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
          next[flat] = startOffsets == null ? 0 : startOffsets[flat];
          startsUnwritten |= next[flat] != 0;
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
    byte[] ends = store.get(StateKeys.MAX_END);
    maxCommittedEnd = ends == null ? Long.MIN_VALUE : ByteBuffer.wrap(ends).getLong();
    cache =
        new WindowCache(
            store,
            aggregation,
            accumulatorSerde,
            maxCommittedEnd,
            windowKind == SESSION && retention != Long.MAX_VALUE);
    run = view.processor().map(spec -> new ProcessorRun(spec, keySerde, cache, store)).orElse(null);
    joinRun = view.join().map(join -> new JoinRun(join, store)).orElse(null);
    committedNext = next.clone();
    writer = new CommitWriter(store, committer, next);
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

  /** The next offset of the last commit the store has written, as readers see it. Thread-safe. */
  public long committedOffset(int source, int partition) {
    return writer.written(base[source] + partition);
  }

  /** Records processed, including those not yet committed. */
  public long processed() {
    return counters[0];
  }

  /** Records processed since the last commit. */
  public long uncommitted() {
    return uncommitted;
  }

  /**
   * Whether the store lacks positions the task holds: records processed, or a start not written.
   */
  public boolean changedSinceCommit() {
    return uncommitted > 0 || startsUnwritten;
  }

  /** Bytes of changes already written out of the cache for the next commit (closed windows). */
  public long pendingBytes() {
    return batch.sizeInBytes();
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
    if (!poison.isEmpty()) {
      String reason = poison.get(errorKey(new Origin(eventTime, source, partition, offset, 0)));
      if (reason != null) {
        // It failed after keying, where its first pass had counted its time for the watermark;
        // that pass may even have been committed, so the time counts again here.
        maxTime[flat] = Math.max(maxTime[flat], eventTime);
        sideOutput(StateKeys.ERROR, source, partition, offset, eventTime, reason);
        advance(flat, offset, eventTime);
        return;
      }
    }
    values.clear();
    keys.clear();
    try {
      Object decoded = sources.get(source).decoder().decode(record);
      steps.get(source).run(decoded, values);
      for (Object value : values) {
        keys.add(joinRun != null ? joinRun.joinKey(source, value) : key(value));
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
        counted |= apply(new ByteKey(keys.get(i)), values.get(i), origin, watermark);
      }
    } catch (RuntimeException e) {
      throw elementFailed(new Origin(eventTime, source, partition, offset, 0), e);
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
    if (run != null) {
      release();
    } else if (joinRun != null) {
      releaseJoin();
    }
  }

  /** Joins what the global watermark has passed and folds the results; see {@link JoinRun}. */
  private void releaseJoin() {
    try {
      joinRun.release(
          globalWatermark(),
          batch,
          this::foldJoined,
          origin -> poison.containsKey(errorKey(origin)),
          this::poisonedToErrorOutput);
    } catch (JoinRun.ElementFailure e) {
      throw elementFailed(e.origin, (RuntimeException) e.getCause());
    }
  }

  /** A joined value: through the steps after the join, keyed, folded; it is never late. */
  private void foldJoined(Object joined, Origin origin) {
    joinedValues.clear();
    postSteps.run(joined, joinedValues);
    for (Object value : joinedValues) {
      fold(new ByteKey(key(value)), value, origin, Long.MIN_VALUE);
    }
  }

  private void poisonedToErrorOutput(Origin origin) {
    sideOutput(
        StateKeys.ERROR,
        origin.source(),
        origin.partition(),
        origin.offset(),
        origin.eventTime(),
        poison.get(errorKey(origin)));
  }

  /** The view's code failed on a released element: roll back, and set its record aside. */
  private RuntimeException elementFailed(Origin origin, RuntimeException cause) {
    rollback();
    if (view.options().onError() == ErrorPolicy.FAIL) {
      return failure(origin.source(), origin.partition(), origin.offset(), cause);
    }
    poison.put(errorKey(origin), reason(cause));
    return new RollbackException(
        "view code failed on "
            + describe(origin.source(), origin.partition(), origin.offset())
            + "; rolled back",
        cause);
  }

  /** Feeds the processor what the global watermark has passed; see {@link ProcessorRun}. */
  private void release() {
    try {
      run.release(
          globalWatermark(),
          batch,
          origin -> poison.containsKey(errorKey(origin)),
          this::poisonedToErrorOutput);
    } catch (ProcessorRun.ElementFailure e) {
      throw elementFailed(e.origin, (RuntimeException) e.getCause());
    } catch (ProcessorRun.TimerFailure e) {
      rollback();
      throw new ViewFailedException("view " + view.id() + " failed: " + e.getMessage(), e);
    }
  }

  private static ByteKey errorKey(Origin origin) {
    return new ByteKey(
        StateKeys.sideOutput(
            StateKeys.ERROR, origin.source(), origin.partition(), origin.offset()));
  }

  @SuppressWarnings("unchecked")
  private byte[] key(Object value) {
    Object key = view.key().apply(value);
    if (key == null) {
      throw new IllegalArgumentException("the key function returned null");
    }
    return keySerde.serialize(key);
  }

  /** Folds one element into its windows; whether any window took it. */
  private boolean apply(ByteKey key, Object value, Origin origin, long watermark) {
    long t = origin.eventTime();
    if (run != null) {
      if (t < watermark) {
        return false;
      }
      run.add(key.bytes(), value, origin, batch);
      return true;
    }
    if (joinRun != null) {
      if (t < watermark) {
        return false;
      }
      joinRun.add(origin.source(), key.bytes(), value, origin, batch);
      return true;
    }
    return fold(key, value, origin, watermark);
  }

  /** Folds one element into its window's state; whether it counted (it is not late). */
  private boolean fold(ByteKey key, Object value, Origin origin, long watermark) {
    long t = origin.eventTime();
    if (windowKind == GLOBAL) {
      Slot slot = cache.slot(key, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, false);
      slot.value = aggregation.add(slot.value, value, origin);
      slot.dirty = true;
      return true;
    }
    if (windowKind == SESSION) {
      if (t < watermark) {
        return false;
      }
      Slot slot = cache.slot(key, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, true);
      ((SessionList) slot.value).add(aggregation, windowSize, value, origin);
      slot.dirty = true;
      return true;
    }
    long closeEnd = slicing.closeEnd(t);
    if (closeEnd <= watermark) {
      return false; // its earliest window has closed: it counts in none
    }
    Slot slot = cache.slot(key, slicing.sliceStart(t), closeEnd, slicing.expiryEnd(t), false);
    slot.value = aggregation.add(slot.value, value, origin);
    slot.dirty = true;
    return true;
  }

  private void advance(int flat, long offset, long eventTime) {
    next[flat] = offset + 1;
    counters[0]++;
    if (++uncommitted % EVICT_EVERY == 0) {
      evictClosed();
    }
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
    batch.put(StateKeys.sideOutput(kind, source, partition, offset), value);
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
    writer.await(); // what rollback returns to must be in the store
    cache.evictAll();
    if (run != null) {
      run.reload();
    }
    if (joinRun != null) {
      joinRun.reload();
    }
    batch.clear();
    System.arraycopy(committedNext, 0, next, 0, next.length);
    System.arraycopy(committedMaxTime, 0, maxTime, 0, maxTime.length);
    System.arraycopy(committedCounters, 0, counters, 0, counters.length);
    uncommitted = 0;
  }

  /** Writes every change since the last commit, with the positions, in one atomic store write. */
  public void commit() {
    long limit = expiryLimit();
    boolean fixedWindows = windowKind == TUMBLING || windowKind == HOPPING;
    boolean finiteRetention = retention != Long.MAX_VALUE;
    if (windowKind == SESSION && limit != Long.MIN_VALUE) {
      loadExpiringSessions(limit);
    }
    cache.flush(batch, limit, fixedWindows && finiteRetention);
    if (fixedWindows && limit != Long.MIN_VALUE) {
      try (StateStore.Snapshot snapshot = store.snapshot()) {
        snapshot.scan(
            new byte[] {StateKeys.EXPIRY},
            StateKeys.expiryBound(limit),
            (key, value) -> {
              batch.delete(key);
              batch.delete(StateKeys.expiryEntry(key));
              return true;
            });
      }
    }
    for (int s = 0; s < partitionCounts.length; s++) {
      for (int p = 0; p < partitionCounts[s]; p++) {
        int flat = base[s] + p;
        if (startsUnwritten
            || next[flat] != committedNext[flat]
            || maxTime[flat] != committedMaxTime[flat]) {
          batch.put(
              StateKeys.position(s, p),
              ByteBuffer.allocate(16).putLong(next[flat]).putLong(maxTime[flat]).array());
        }
      }
    }
    ByteBuffer counterBytes = ByteBuffer.allocate(counters.length * Long.BYTES);
    for (long c : counters) {
      counterBytes.putLong(c);
    }
    batch.put(StateKeys.COUNTERS, counterBytes.array());
    long maxEnd = Math.max(maxCommittedEnd, cache.maxEnd());
    if (maxEnd != maxCommittedEnd) {
      batch.put(StateKeys.MAX_END, ByteBuffer.allocate(8).putLong(maxEnd).array());
    }
    writer.write(batch.detach(), next.clone());
    startsUnwritten = false;
    maxCommittedEnd = maxEnd;
    batch.clear();
    System.arraycopy(next, 0, committedNext, 0, next.length);
    System.arraycopy(maxTime, 0, committedMaxTime, 0, maxTime.length);
    System.arraycopy(counters, 0, committedCounters, 0, counters.length);
    uncommitted = 0;
    if (cache.size() > maxCacheEntries) {
      writer.await(); // entries read back after eviction must be in the store
      cache.evictAll();
    }
  }

  /** Runs {@code listener} after each commit's write, on the thread that wrote it. */
  public void onWritten(Runnable listener) {
    writer.onWritten(listener);
  }

  /** Runs {@code listener} if a background write fails; the task must then stop. */
  public void onWriteFailed(java.util.function.Consumer<RuntimeException> listener) {
    writer.onFailed(listener);
  }

  /**
   * Waits for the last commit's write.
   *
   * @throws StateStoreException if it failed: the store is behind the task, which must stop
   */
  public void awaitWritten() {
    writer.await();
  }

  private void evictClosed() {
    cache.evictClosed(
        globalWatermark(),
        expiryLimit(),
        batch,
        (windowKind == TUMBLING || windowKind == HOPPING) && retention != Long.MAX_VALUE);
  }

  /**
   * Brings every session list that holds a session ending at or before {@code limit} into the
   * cache, marked changed, so that the commit expires it even if its key saw no new event.
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
      ByteKey key = new ByteKey(StateKeys.entryKey(entry));
      cache.slot(key, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, true).dirty = true;
    }
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
