package dev.kappa.engine;

/**
 * An event-time interval {@code [start, end)} in epoch milliseconds. Unwindowed aggregates use
 * {@link #GLOBAL}.
 */
public record Window(long start, long end) {

  /** The window of an unwindowed aggregate: all of time. */
  public static final Window GLOBAL = new Window(Long.MIN_VALUE, Long.MAX_VALUE);

  public Window {
    if (end <= start) {
      throw new IllegalArgumentException("window end " + end + " must be after start " + start);
    }
  }

  public boolean contains(long timestamp) {
    return timestamp >= start && timestamp < end;
  }
}
