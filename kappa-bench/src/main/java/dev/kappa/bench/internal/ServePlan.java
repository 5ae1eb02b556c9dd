package dev.kappa.bench.internal;

import java.time.Duration;

/**
 * How long and how hard each {@link ServeWorkload} runs: {@code warmup} untimed, then {@code
 * measured}, while clicks are ingested at {@code rate} events/s, with {@code clients} connections
 * querying, and a paced workload sending {@code lookupRate} queries a second (0: none).
 */
public record ServePlan(Duration warmup, Duration measured, int rate, int clients, int lookupRate) {

  public ServePlan {
    if (warmup.isNegative() || measured.isNegative() || measured.isZero()) {
      throw new IllegalArgumentException(
          "the measured time must be positive, the warm-up not negative");
    }
    if (rate < 0 || lookupRate < 0 || clients < 1) {
      throw new IllegalArgumentException(
          "the rates must not be negative and clients must be positive");
    }
  }
}
