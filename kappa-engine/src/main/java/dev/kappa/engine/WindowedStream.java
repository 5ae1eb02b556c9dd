package dev.kappa.engine;

import java.util.Objects;
import java.util.function.Function;

/**
 * Keyed values assigned to event-time windows, ready to aggregate.
 *
 * @param <K> the key type
 * @param <T> the value type
 */
public final class WindowedStream<K, T> {

  private final View.Builder builder;
  private final Upstream upstream;
  private final Function<Object, Object> key;
  private final Serde<K> keySerde;
  private final WindowSpec window;

  WindowedStream(
      View.Builder builder,
      Upstream upstream,
      Function<Object, Object> key,
      Serde<K> keySerde,
      WindowSpec window) {
    this.builder = builder;
    this.upstream = upstream;
    this.key = key;
    this.keySerde = keySerde;
    this.window = window;
  }

  /** The finished view: one result per key and window. */
  @SuppressWarnings("unchecked")
  public <A, R> View<K, R> aggregate(Aggregation<? super T, A, R> aggregation) {
    Objects.requireNonNull(aggregation, "aggregation");
    return builder.build(
        upstream,
        key,
        keySerde,
        window,
        (Aggregation<Object, Object, R>) (Aggregation<?, ?, R>) aggregation,
        null);
  }
}
