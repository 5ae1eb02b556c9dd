package dev.kappa.engine;

import java.util.Objects;
import java.util.function.Function;

/**
 * Values grouped by key: aggregate them over all time, or {@linkplain #window over windows}.
 *
 * @param <K> the key type
 * @param <T> the value type
 */
public final class KeyedStream<K, T> {

  private final View.Builder builder;
  private final Upstream upstream;
  private final Function<Object, Object> key;
  private final Serde<K> keySerde;

  KeyedStream(
      View.Builder builder, Upstream upstream, Function<Object, Object> key, Serde<K> keySerde) {
    this.builder = builder;
    this.upstream = upstream;
    this.key = key;
    this.keySerde = keySerde;
  }

  public WindowedStream<K, T> window(WindowSpec window) {
    Objects.requireNonNull(window, "window");
    return new WindowedStream<>(builder, upstream, key, keySerde, window);
  }

  /**
   * Custom per-key logic with typed state and event-time timers; the view's result for a key is its
   * state. Elements wait, stored with {@code valueSerde}, until the watermark passes them, and are
   * then processed in event-time order. An element behind its partition's watermark is late.
   */
  @SuppressWarnings("unchecked")
  public <S> View<K, S> process(
      KeyedProcessor<? super K, ? super T, S> processor, Serde<T> valueSerde, Serde<S> stateSerde) {
    ProcessorSpec spec =
        new ProcessorSpec(
            (KeyedProcessor<Object, Object, Object>) (KeyedProcessor<?, ?, ?>) processor,
            (Serde<Object>) (Serde<?>) valueSerde,
            (Serde<Object>) (Serde<?>) stateSerde);
    return builder.build(upstream, key, keySerde, null, ProcessorStates.of(spec), spec);
  }

  /** One accumulator per key over all time; no event is ever late. */
  public <A, R> View<K, R> aggregate(Aggregation<? super T, A, R> aggregation) {
    return new WindowedStream<K, T>(builder, upstream, key, keySerde, null).aggregate(aggregation);
  }
}
