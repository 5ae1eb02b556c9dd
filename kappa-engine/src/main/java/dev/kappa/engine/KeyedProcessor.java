package dev.kappa.engine;

/**
 * Custom per-key logic with typed state and event-time timers: the low-level alternative to an
 * {@link Aggregation}. A view built with {@link KeyedStream#process} keeps one state value per key,
 * which queries see as the key's result.
 *
 * <p><b>Order.</b> Elements reach {@link #process} in event-time order (ties by {@link Origin}),
 * once the global watermark has passed them; a timer fires once the watermark passes its time,
 * after every element of that time. This order depends only on the log's contents, so a processor
 * may depend on it (unlike an aggregation) and the view stays deterministic. The price is latency:
 * an element waits until every source partition's watermark has passed it.
 *
 * <p><b>Errors.</b> If {@code process} throws, the view rolls back to its last commit and the
 * element's record goes to the error output (or the view fails, as configured). If {@code onTimer}
 * throws, the view fails: a timer belongs to no record that could be set aside.
 *
 * @param <K> the key
 * @param <T> the element
 * @param <S> the state per key
 */
public interface KeyedProcessor<K, T, S> {

  void process(K key, T value, ProcessorContext<S> context);

  /** Called when a timer registered for {@code key} fires; {@code context.time()} is its time. */
  default void onTimer(K key, ProcessorContext<S> context) {}
}
