package dev.kappa.engine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

/**
 * Seeds for randomized tests: three fixed ones, so that every run covers them, and one more that is
 * {@code -Dkappa.seed=N} when given (to replay a failure) and random otherwise. Tests print the
 * seed in their failure messages. Stateless.
 */
final class Seeds {

  private Seeds() {}

  static LongStream seeds() {
    String pinned = System.getProperty("kappa.seed");
    long extra = pinned != null ? Long.parseLong(pinned) : ThreadLocalRandom.current().nextLong();
    return LongStream.of(1, 2, 3, extra);
  }
}
