package dev.kappa.engine;

import java.time.Duration;

/**
 * How events are assigned to event-time windows. Windows are aligned to the epoch: a tumbling
 * window of one minute covers {@code [k*60000, (k+1)*60000)}.
 */
public sealed interface WindowSpec {

  /** Fixed-size, non-overlapping windows. */
  record Tumbling(long sizeMs) implements WindowSpec {
    public Tumbling {
      positive(sizeMs, "window size");
    }
  }

  /**
   * Fixed-size windows starting every {@code advanceMs}; an event belongs to {@code sizeMs /
   * advanceMs} windows (rounded up).
   */
  record Hopping(long sizeMs, long advanceMs) implements WindowSpec {
    public Hopping {
      positive(sizeMs, "window size");
      positive(advanceMs, "window advance");
      if (advanceMs > sizeMs) {
        throw new IllegalArgumentException(
            "window advance " + advanceMs + " ms must not exceed the size " + sizeMs + " ms");
      }
    }
  }

  /**
   * Per-key windows of activity: an event at {@code t} opens {@code [t, t + gapMs)}, and windows
   * that overlap merge.
   */
  record Session(long gapMs) implements WindowSpec {
    public Session {
      positive(gapMs, "session gap");
    }
  }

  static WindowSpec tumbling(Duration size) {
    return new Tumbling(size.toMillis());
  }

  static WindowSpec hopping(Duration size, Duration advance) {
    return new Hopping(size.toMillis(), advance.toMillis());
  }

  static WindowSpec session(Duration gap) {
    return new Session(gap.toMillis());
  }

  private static void positive(long millis, String what) {
    if (millis <= 0) {
      throw new IllegalArgumentException(what + " must be at least 1 ms, was " + millis);
    }
  }
}
