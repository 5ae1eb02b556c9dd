package dev.kappa.engine.internal;

import java.time.Clock;
import java.util.ArrayDeque;

/**
 * Events per second over roughly the last ten seconds, from (time, total) samples taken by the
 * clock. Thread-safe.
 */
final class RateMeter {

  private static final long WINDOW_MS = 10_000;

  private record Sample(long millis, long total) {}

  private final Clock clock;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  RateMeter(Clock clock) {
    this.clock = clock;
  }

  synchronized void record(long total) {
    long now = clock.millis();
    Sample last = samples.peekLast();
    if (last != null && now - last.millis() < 100) {
      return; // enough resolution; keeps the deque short
    }
    samples.addLast(new Sample(now, total));
    while (samples.size() > 2 && now - samples.peekFirst().millis() > WINDOW_MS) {
      samples.removeFirst();
    }
  }

  synchronized double perSecond(long total) {
    long now = clock.millis();
    Sample first = samples.peekFirst();
    if (first == null || now <= first.millis()) {
      return 0.0;
    }
    return (total - first.total()) * 1000.0 / (now - first.millis());
  }
}
