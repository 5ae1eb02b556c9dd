package dev.kappa.engine;

/**
 * What a {@link KeyedProcessor} sees of the current key: its state, its timers, and the time being
 * processed. Valid only during the call it is passed to. Not thread-safe.
 *
 * @param <S> the state per key
 */
public interface ProcessorContext<S> {

  /** The key's state, or null if it has none. */
  S state();

  /** Replaces the key's state; null clears it. */
  void update(S state);

  /**
   * Registers a timer for this key at {@code time} (event time, epoch ms); registering the same
   * time twice registers it once. A time at or before the one being processed fires next.
   */
  void registerTimer(long time);

  void deleteTimer(long time);

  /** The event time of the element, or of the timer, being processed. */
  long time();

  /** Where the element came from, or null during {@link KeyedProcessor#onTimer}. */
  Origin origin();
}
