package dev.kappa.testkit;

import dev.kappa.engine.SideOutput;
import dev.kappa.engine.Source;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewProcessor;
import dev.kappa.engine.ViewState;
import dev.kappa.engine.WindowResult;
import dev.kappa.log.Header;
import dev.kappa.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Feeds records with event times to a view, synchronously, and reads its state and side outputs: no
 * threads, no files. It runs the engine's own processing code ({@link ViewProcessor}), so a view
 * behaves here exactly as in a server.
 *
 * <pre>{@code
 * ViewTestDriver<String, Long> driver = ViewTestDriver.of(pageViews).partitions("clicks", 2);
 * driver.send("clicks", 0, 1_000, "{\"page\":\"/home\"}");
 * assertThat(driver.windows("/home")).hasSize(1);
 * }</pre>
 *
 * <p>Offsets are assigned per partition from 0; the append time comes from the driver's clock.
 * Source streams have one partition unless {@link #partitions} says otherwise, before the first
 * record. Not thread-safe.
 */
public final class ViewTestDriver<K, R> {

  private final View<K, R> view;
  private final Map<String, Integer> partitions = new LinkedHashMap<>();
  private final Map<String, long[]> nextOffsets = new HashMap<>();
  private Clock clock = new ManualClock();
  private ViewProcessor<K, R> processor;

  private ViewTestDriver(View<K, R> view) {
    this.view = view;
    for (Source source : view.sources()) {
      partitions.put(source.stream(), 1);
    }
  }

  public static <K, R> ViewTestDriver<K, R> of(View<K, R> view) {
    return new ViewTestDriver<>(view);
  }

  /** Gives a source stream {@code count} partitions; only before the first record. */
  public ViewTestDriver<K, R> partitions(String stream, int count) {
    requireNotStarted();
    if (!partitions.containsKey(stream)) {
      throw new IllegalArgumentException("view " + view.id() + " does not read stream " + stream);
    }
    if (count < 1) {
      throw new IllegalArgumentException("a stream needs at least one partition, was " + count);
    }
    partitions.put(stream, count);
    return this;
  }

  /** The clock that stamps append times (a {@link ManualClock} at the epoch by default). */
  public ViewTestDriver<K, R> clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Sends a UTF-8 value without a key to partition 0. */
  public ViewTestDriver<K, R> send(String stream, long eventTime, String value) {
    return send(stream, 0, eventTime, value);
  }

  /** Sends a UTF-8 value without a key. */
  public ViewTestDriver<K, R> send(String stream, int partition, long eventTime, String value) {
    return send(
        stream, partition, null, value.getBytes(StandardCharsets.UTF_8), eventTime, List.of());
  }

  /**
   * Sends a record; it gets the partition's next offset.
   *
   * @param key the key bytes, or null
   * @param value the value bytes (empty: a tombstone for table views)
   */
  public ViewTestDriver<K, R> send(
      String stream,
      int partition,
      byte[] key,
      byte[] value,
      long eventTime,
      List<Header> headers) {
    ViewProcessor<K, R> p = processor();
    long[] offsets = nextOffsets.get(stream);
    if (offsets == null) {
      throw new IllegalArgumentException("view " + view.id() + " does not read stream " + stream);
    }
    if (partition < 0 || partition >= offsets.length) {
      throw new IllegalArgumentException(
          "stream " + stream + " has partitions 0.." + (offsets.length - 1) + ", not " + partition);
    }
    long offset = offsets[partition]++;
    p.process(
        stream, new LogRecord(partition, offset, eventTime, clock.millis(), key, value, headers));
    return this;
  }

  /** The view's state after every record sent. */
  public ViewState<K, R> state() {
    return processor().state();
  }

  public Optional<R> get(K key) {
    return state().get(key);
  }

  public List<WindowResult<K, R>> windows(K key) {
    return state().windows(key);
  }

  public List<SideOutput> late() {
    return state().sideOutput(SideOutput.Kind.LATE, Integer.MAX_VALUE);
  }

  public List<SideOutput> errors() {
    return state().sideOutput(SideOutput.Kind.ERROR, Integer.MAX_VALUE);
  }

  private ViewProcessor<K, R> processor() {
    if (processor == null) {
      processor = ViewProcessor.inMemory(view, partitions);
      partitions.forEach((stream, count) -> nextOffsets.put(stream, new long[count]));
    }
    return processor;
  }

  private void requireNotStarted() {
    if (processor != null) {
      throw new IllegalStateException("set partitions before the first record");
    }
  }
}
