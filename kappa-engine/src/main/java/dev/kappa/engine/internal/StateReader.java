package dev.kappa.engine.internal;

import dev.kappa.engine.Aggregation;
import dev.kappa.engine.PartitionProgress;
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
import java.util.List;
import java.util.Optional;

/**
 * Reads a view's committed state from its store. Each call reads one store snapshot, so results and
 * progress agree with one commit. Thread-safe.
 */
public final class StateReader<K, R> implements ViewState<K, R> {

  private final View<K, R> view;
  private final int[] partitionCounts;
  private final StateStore store;
  private final Aggregation<Object, Object, R> aggregation;
  private final Serde<Object> accumulatorSerde;
  private final WindowSpec window;
  private final long retention;
  private final Slicing slicing;

  @SuppressWarnings("unchecked")
  public StateReader(View<K, R> view, int[] partitionCounts, StateStore store) {
    this.view = view;
    this.partitionCounts = partitionCounts.clone();
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
    return read(prefix, StateKeys.prefixEnd(prefix), Integer.MAX_VALUE);
  }

  @Override
  public List<WindowResult<K, R>> scan(int limit) {
    return read(new byte[] {StateKeys.ENTRY}, new byte[] {StateKeys.ENTRY + 1}, limit);
  }

  private List<WindowResult<K, R>> read(byte[] from, byte[] to, int limit) {
    List<WindowResult<K, R>> results = new ArrayList<>();
    try (StateStore.Snapshot snapshot = store.snapshot()) {
      long watermark = progress(snapshot).watermark();
      long expiredAtOrBelow =
          retention == Long.MAX_VALUE || watermark == Long.MIN_VALUE
              ? Long.MIN_VALUE
              : SessionList.saturatedAdd(watermark, -retention);
      // Slices of one key come together, by start; a key's windows are built when it is complete.
      List<long[]> starts = new ArrayList<>();
      List<byte[]> slices = new ArrayList<>();
      byte[][] current = {null};
      snapshot.scan(
          from,
          to,
          (entry, value) -> {
            byte[] keyBytes = StateKeys.entryKey(entry);
            if (slicing != null) {
              if (current[0] != null && !java.util.Arrays.equals(current[0], keyBytes)) {
                windowsOf(current[0], starts, slices, watermark, expiredAtOrBelow, results);
                starts.clear();
                slices.clear();
              }
              current[0] = keyBytes;
              starts.add(new long[] {StateKeys.entryStart(entry)});
              slices.add(value);
              return results.size() < limit;
            }
            K key = view.keySerde().deserialize(keyBytes);
            if (window instanceof WindowSpec.Session) {
              for (SessionList.Session s :
                  SessionList.deserialize(value, accumulatorSerde).sessions()) {
                add(results, key, new Window(s.start(), s.end()), s.accumulator(), watermark);
              }
            } else {
              add(results, key, Window.GLOBAL, accumulatorSerde.deserialize(value), watermark);
            }
            return results.size() < limit;
          });
      if (current[0] != null && results.size() < limit) {
        windowsOf(current[0], starts, slices, watermark, expiredAtOrBelow, results);
      }
    }
    return results.size() > limit ? List.copyOf(results.subList(0, limit)) : results;
  }

  /**
   * The windows of one key from its slices (ascending starts): every window holding a slice, its
   * accumulator merged from the slices it covers; windows that expired are left out.
   */
  private void windowsOf(
      byte[] keyBytes,
      List<long[]> starts,
      List<byte[]> slices,
      long watermark,
      long expiredAtOrBelow,
      List<WindowResult<K, R>> out) {
    K key = view.keySerde().deserialize(keyBytes);
    java.util.TreeSet<Long> windowStarts = new java.util.TreeSet<>();
    for (long[] start : starts) {
      for (long w = slicing.firstWindowStart(start[0]); w <= start[0]; w += slicing.advance()) {
        windowStarts.add(w);
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
        add(out, key, new Window(w, end), acc, watermark);
      }
    }
  }

  private void add(List<WindowResult<K, R>> out, K key, Window w, Object acc, long watermark) {
    R result = aggregation.result(acc);
    if (result != null) {
      out.add(new WindowResult<>(key, w, result, w.end() <= watermark));
    }
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
      return progress(snapshot);
    }
  }

  private ViewProgress progress(StateStore.Snapshot snapshot) {
    List<PartitionProgress> partitions = new ArrayList<>();
    long watermark = Long.MAX_VALUE;
    long lateness = view.options().allowedLatenessMs();
    for (int s = 0; s < partitionCounts.length; s++) {
      for (int p = 0; p < partitionCounts[s]; p++) {
        byte[] position = snapshot.get(StateKeys.position(s, p));
        long next = 0;
        long maxTime = Long.MIN_VALUE;
        if (position != null) {
          ByteBuffer in = ByteBuffer.wrap(position);
          next = in.getLong();
          maxTime = in.getLong();
        }
        partitions.add(new PartitionProgress(view.sources().get(s).stream(), p, next, maxTime));
        watermark =
            Math.min(
                watermark,
                maxTime == Long.MIN_VALUE
                    ? Long.MIN_VALUE
                    : SessionList.saturatedAdd(maxTime, -lateness));
      }
    }
    long[] counters = new long[3];
    byte[] stored = snapshot.get(StateKeys.COUNTERS);
    if (stored != null) {
      ByteBuffer in = ByteBuffer.wrap(stored);
      for (int i = 0; i < counters.length; i++) {
        counters[i] = in.getLong();
      }
    }
    return new ViewProgress(
        partitions,
        partitions.isEmpty() ? Long.MIN_VALUE : watermark,
        counters[0],
        counters[1],
        counters[2]);
  }
}
