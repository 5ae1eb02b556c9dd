package dev.kappa.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * How a view treats late events, closed windows and failing code.
 *
 * @param allowedLateness how far behind its partition's maximum event time an event may be and
 *     still count; later events go to the late output
 * @param closedWindowRetention how long (in event time, past the global watermark) a closed
 *     window's state is kept; {@code null} keeps it forever
 * @param onError what a record that makes the view's code throw does
 */
public record ViewOptions(
    Duration allowedLateness, Duration closedWindowRetention, ErrorPolicy onError) {

  /** What happens to a record that makes the view's code throw. */
  public enum ErrorPolicy {
    /** The record goes to the view's error output with the reason; the view keeps running. */
    SIDE_OUTPUT,
    /** The view stops with status FAILED and the error; its state stays at its last commit. */
    FAIL
  }

  public static final ViewOptions DEFAULTS =
      new ViewOptions(Duration.ZERO, null, ErrorPolicy.SIDE_OUTPUT);

  public ViewOptions {
    Objects.requireNonNull(allowedLateness, "allowedLateness");
    Objects.requireNonNull(onError, "onError");
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException("allowed lateness must not be negative");
    }
    if (closedWindowRetention != null && closedWindowRetention.isNegative()) {
      throw new IllegalArgumentException("closed-window retention must not be negative");
    }
  }

  public long allowedLatenessMs() {
    return allowedLateness.toMillis();
  }

  /** Retention in milliseconds, or {@link Long#MAX_VALUE} for forever. */
  public long closedWindowRetentionMs() {
    return closedWindowRetention == null ? Long.MAX_VALUE : closedWindowRetention.toMillis();
  }
}
