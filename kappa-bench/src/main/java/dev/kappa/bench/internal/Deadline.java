package dev.kappa.bench.internal;

import java.time.Duration;

/** A point in {@link System#nanoTime()} time after which a run stops. Immutable. */
record Deadline(long nanos) {

  static Deadline after(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos());
  }

  boolean passed() {
    return System.nanoTime() - nanos >= 0;
  }
}
