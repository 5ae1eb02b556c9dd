package dev.kappa.engine.internal;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.ResultPage;
import dev.kappa.engine.Serde;
import dev.kappa.engine.SideOutput;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewProgress;
import dev.kappa.engine.ViewState;
import dev.kappa.engine.Window;
import dev.kappa.engine.WindowResult;
import dev.kappa.engine.WindowSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Reads a view's committed state from its store. Each call reads one store snapshot, so results and
 * progress agree with one commit. Thread-safe.
 */
public final class StateReader<K, R> implements ViewState<K, R> {

  private final View<K, R> view;
  private final StateStore store;
  private final Aggregation<Object, Object, R> aggregation;
  private final Serde<Object> accumulatorSerde;
  private final WindowSpec window;
  private final long retention;
  private final Slicing slicing;
  private final StoredProgress storedProgress;

  /** How many results a long read visits between asking whether to go on (a power of two). */
  private static final int CHECK_EVERY = 4096;

  @SuppressWarnings("unchecked")
  public StateReader(View<K, R> view, int[] partitionCounts, StateStore store) {
    this.view = view;
    this.storedProgress = new StoredProgress(view, partitionCounts);
    this.store = store;
    this.aggregation = view.aggregation();
    this.accumulatorSerde = (Serde<Object>) aggregation.accumulatorSerde();
    this.window = view.window().orElse(null);
    this.retention = view.options().closedWindowRetentionMs();
    this.slicing =
        switch (window) {
          case WindowSpec.Tumbling(long size) -> new Slicing(size, size);
          case WindowSpec.Hopping(long size, long advance) -> new Slicing(size, advance);
          case null, default -> null;
        };
  }

  @Override
  public Optional<R> get(K key) {
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      byte[] value = snapshot.get(StateKeys.entry(view.keySerde().serialize(key), Long.MIN_VALUE));
      if (value == null || window instanceof WindowSpec.Session) {
        return Optional.empty();
      }
      return Optional.ofNullable(aggregation.result(accumulatorSerde.deserialize(value)));
    }
  }

  @Override
  public List<WindowResult<K, R>> windows(K key) {
    byte[] prefix = StateKeys.entryPrefix(view.keySerde().serialize(key));
    return read(
            prefix, StateKeys.prefixEnd(prefix), Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE)
        .results();
  }

  @Override
  public List<WindowResult<K, R>> scan(int limit) {
    return range(null, null, null, limit).results();
  }

  @Override
  public ResultPage<K, R> lookup(K key, long fromStart, long toStart, int limit) {
    byte[] keyBytes = view.keySerde().serialize(key);
    byte[] prefix = StateKeys.entryPrefix(keyBytes);
    byte[] from = prefix;
    byte[] to = StateKeys.prefixEnd(prefix);
    if (slicing != null) {
      // A window starting in [fromStart, toStart) holds slices starting in [fromStart, toStart +
      // size).
      from = StateKeys.entry(keyBytes, fromStart);
      to = StateKeys.entry(keyBytes, SessionList.saturatedAdd(toStart, slicing.size()));
    }
    ResultPage<K, R> page = read(from, to, fromStart, toStart, limit);
    return new ResultPage<>(page.results(), page.progress(), null);
  }

  @Override
  public ResultPage<K, R> range(K from, K to, String after, int limit) {
    byte[] start =
        from == null
            ? new byte[] {StateKeys.ENTRY}
            : StateKeys.entryPrefix(view.keySerde().serialize(from));
    byte[] end =
        to == null
            ? new byte[] {StateKeys.ENTRY + 1}
            : StateKeys.entryPrefix(view.keySerde().serialize(to));
    Cursor cursor = Cursor.parse(after);
    if (cursor != null) {
      byte[] resume = StateKeys.entryPrefix(cursor.key());
      if (Arrays.compareUnsigned(resume, start) > 0) {
        start = resume;
      }
    }
    return page(start, end, cursor, limit, null);
  }

  @Override
  public ResultPage<K, R> prefix(byte[] keyPrefix, String after, int limit) {
    Cursor cursor = Cursor.parse(after);
    // Keys sort by length first, so the keys with a prefix lie in one run per key length.
    return page(
        StateKeys.entryPrefix(keyPrefix),
        new byte[] {StateKeys.ENTRY + 1},
        cursor,
        limit,
        keyPrefix);
  }

  @Override
  public ResultPage<K, R> top(
      int n, Comparator<? super R> order, java.util.function.BooleanSupplier keepGoing) {
    Comparator<WindowResult<K, R>> byValue = (a, b) -> order.compare(a.value(), b.value());
    // Ties go to the earlier result in store order, which arrives first.
    PriorityQueue<Ranked> smallest =
        new PriorityQueue<>(
            Comparator.<Ranked, WindowResult<K, R>>comparing(r -> r.result, byValue)
                .thenComparing(r -> -r.rank));
    long[] rank = {0};
    ViewProgress progress =
        visit(
            new byte[] {StateKeys.ENTRY},
            new byte[] {StateKeys.ENTRY + 1},
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            (keyBytes, result) -> {
              if ((rank[0] & CHECK_EVERY - 1) == CHECK_EVERY - 1 && !keepGoing.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException(
                    "top " + n + " stopped after " + (rank[0] + 1) + " results");
              }
              smallest.add(new Ranked(result, rank[0]++));
              if (smallest.size() > n) {
                smallest.poll();
              }
              return true;
            });
    List<Ranked> ranked = new ArrayList<>(smallest);
    ranked.sort(smallest.comparator().reversed());
    return new ResultPage<>(ranked.stream().map(r -> r.result).toList(), progress, null);
  }

  private final class Ranked {
    final WindowResult<K, R> result;
    final long rank;

    Ranked(WindowResult<K, R> result, long rank) {
      this.result = result;
      this.rank = rank;
    }
  }

  /**
   * Up to {@code limit} results from {@code from} (skipping those at or before {@code cursor}),
   * with the cursor of the last one if more follow. With {@code keyPrefix}, only keys starting with
   * it: they lie in one run per key length, so the scan jumps from run to run.
   */
  private ResultPage<K, R> page(
      byte[] from, byte[] to, Cursor cursor, int limit, byte[] keyPrefix) {
    List<WindowResult<K, R>> results = new ArrayList<>();
    byte[][] lastKey = {null};
    boolean[] more = {false};
    byte[][] jump = {null};
    int[] runLength = {keyPrefix == null ? 0 : keyPrefix.length};
    if (keyPrefix != null && cursor != null && cursor.key().length > runLength[0]) {
      runLength[0] = cursor.key().length;
      from = prefixRun(keyPrefix, runLength[0]);
    }
    ViewProgress progress = null;
    // One snapshot for every run of the page, so the page is one commit's.
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      for (byte[] start = from; start != null; start = more[0] ? null : jump[0]) {
        jump[0] = null;
        progress =
            visit(
                snapshot,
                start,
                to,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                (keyBytes, result) -> {
                  if (keyPrefix != null && !startsWith(keyBytes, keyPrefix)) {
                    runLength[0] = Math.max(runLength[0] + 1, keyBytes.length);
                    jump[0] = prefixRun(keyPrefix, runLength[0]);
                    return false;
                  }
                  if (cursor != null && !cursor.before(keyBytes, result.window().start())) {
                    return true;
                  }
                  if (results.size() == limit) {
                    more[0] = true;
                    return false;
                  }
                  results.add(result);
                  lastKey[0] = keyBytes;
                  return true;
                });
      }
    }
    String next =
        more[0] ? new Cursor(lastKey[0], results.getLast().window().start()).format() : null;
    return new ResultPage<>(results, progress, next);
  }

  /** The first entry key of keys of {@code length} bytes starting with {@code prefix}. */
  private static byte[] prefixRun(byte[] prefix, int length) {
    return ByteBuffer.allocate(1 + 4 + prefix.length)
        .put(StateKeys.ENTRY)
        .putInt(length)
        .put(prefix)
        .array();
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private ResultPage<K, R> read(byte[] from, byte[] to, long fromStart, long toStart, int limit) {
    List<WindowResult<K, R>> results = new ArrayList<>();
    ViewProgress progress =
        visit(
            from,
            to,
            fromStart,
            toStart,
            (keyBytes, result) -> {
              results.add(result);
              return results.size() < limit;
            });
    return new ResultPage<>(results, progress, null);
  }

  /** Receives results in store order; returns whether to go on. */
  private interface Sink<K, R> {
    boolean accept(byte[] keyBytes, WindowResult<K, R> result);
  }

  /**
   * Feeds {@code sink} the results of the entries in {@code [from, to)} whose windows start in
   * {@code [fromStart, toStart)}, from one snapshot; returns that snapshot's progress.
   */
  private ViewProgress visit(
      byte[] from, byte[] to, long fromStart, long toStart, Sink<K, R> sink) {
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      return visit(snapshot, from, to, fromStart, toStart, sink);
    }
  }

  /** As {@link #visit(byte[], byte[], long, long, Sink)}, in a snapshot the caller holds. */
  private ViewProgress visit(
      StateStore.Snapshot snapshot,
      byte[] from,
      byte[] to,
      long fromStart,
      long toStart,
      Sink<K, R> sink) {
    ViewProgress progress = storedProgress.of(snapshot);
    long watermark = progress.watermark();
    long expiredAtOrBelow =
        retention == Long.MAX_VALUE || watermark == Long.MIN_VALUE
            ? Long.MIN_VALUE
            : SessionList.saturatedAdd(watermark, -retention);
    // Slices of one key come together, by start; a key's windows are built when it is complete.
    List<long[]> starts = new ArrayList<>();
    List<byte[]> slices = new ArrayList<>();
    byte[][] current = {null};
    boolean[] going = {true};
    snapshot.scan(
        from,
        to,
        (entry, value) -> {
          byte[] keyBytes = StateKeys.entryKey(entry);
          if (slicing != null) {
            if (current[0] != null && !Arrays.equals(current[0], keyBytes)) {
              going[0] =
                  windowsOf(
                      current[0],
                      starts,
                      slices,
                      watermark,
                      expiredAtOrBelow,
                      fromStart,
                      toStart,
                      sink);
              starts.clear();
              slices.clear();
              if (!going[0]) {
                current[0] = null;
                return false;
              }
            }
            current[0] = keyBytes;
            starts.add(new long[] {StateKeys.entryStart(entry)});
            slices.add(value);
            return true;
          }
          K key = view.keySerde().deserialize(keyBytes);
          if (window instanceof WindowSpec.Session) {
            for (SessionList.Session s :
                SessionList.deserialize(value, accumulatorSerde).sessions()) {
              if (s.start() >= fromStart && s.start() < toStart) {
                WindowResult<K, R> r =
                    result(key, new Window(s.start(), s.end()), s.accumulator(), watermark);
                if (r != null && !sink.accept(keyBytes, r)) {
                  return false;
                }
              }
            }
            return true;
          }
          WindowResult<K, R> r =
              result(key, Window.GLOBAL, accumulatorSerde.deserialize(value), watermark);
          return r == null || sink.accept(keyBytes, r);
        });
    if (current[0] != null && going[0]) {
      windowsOf(current[0], starts, slices, watermark, expiredAtOrBelow, fromStart, toStart, sink);
    }
    return progress;
  }

  /**
   * Feeds {@code sink} the windows of one key from its slices (ascending starts): every window
   * starting in {@code [fromStart, toStart)} that holds a slice, its accumulator merged from the
   * slices it covers; windows that expired are left out. Returns whether to go on.
   */
  private boolean windowsOf(
      byte[] keyBytes,
      List<long[]> starts,
      List<byte[]> slices,
      long watermark,
      long expiredAtOrBelow,
      long fromStart,
      long toStart,
      Sink<K, R> sink) {
    K key = view.keySerde().deserialize(keyBytes);
    TreeSet<Long> windowStarts = new TreeSet<>();
    for (long[] start : starts) {
      for (long w = slicing.firstWindowStart(start[0]); w <= start[0]; w += slicing.advance()) {
        if (w >= fromStart && w < toStart) {
          windowStarts.add(w);
        }
      }
    }
    for (long w : windowStarts) {
      long end = SessionList.saturatedAdd(w, slicing.size());
      if (end <= expiredAtOrBelow) {
        continue;
      }
      Object acc = null;
      for (int i = 0; i < starts.size(); i++) {
        long sliceStart = starts.get(i)[0];
        if (sliceStart >= w && sliceStart < end) {
          Object slice = accumulatorSerde.deserialize(slices.get(i));
          acc = acc == null ? slice : aggregation.merge(acc, slice);
        }
      }
      if (acc != null) {
        WindowResult<K, R> r = result(key, new Window(w, end), acc, watermark);
        if (r != null && !sink.accept(keyBytes, r)) {
          return false;
        }
      }
    }
    return true;
  }

  private WindowResult<K, R> result(K key, Window w, Object acc, long watermark) {
    R result = aggregation.result(acc);
    return result == null ? null : new WindowResult<>(key, w, result, w.end() <= watermark);
  }

  @Override
  public List<SideOutput> sideOutput(SideOutput.Kind kind, int limit) {
    byte prefix = kind == SideOutput.Kind.LATE ? StateKeys.LATE : StateKeys.ERROR;
    List<SideOutput> out = new ArrayList<>();
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      snapshot.scanPrefix(
          prefix,
          (key, value) -> {
            ByteBuffer k = ByteBuffer.wrap(key, 1, key.length - 1);
            int source = k.getShort();
            int partition = k.getInt();
            long offset = k.getLong();
            ByteBuffer v = ByteBuffer.wrap(value);
            long eventTime = v.getLong();
            String reason = StandardCharsets.UTF_8.decode(v).toString();
            out.add(
                new SideOutput(
                    kind,
                    view.sources().get(source).stream(),
                    partition,
                    offset,
                    eventTime,
                    reason));
            return out.size() < limit;
          });
    }
    return out;
  }

  @Override
  public ViewProgress progress() {
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      return storedProgress.of(snapshot);
    }
  }
}
