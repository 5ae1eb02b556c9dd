package dev.kappa.bench.internal;

import java.util.Arrays;

/**
 * Request latencies recorded by one thread, in nanoseconds, and exact percentiles of many such
 * records. A {@link Latencies} is written by one thread and read after that thread is done.
 */
final class Latencies {

  private long[] nanos = new long[1024];
  private int count;

  void add(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, count * 2);
    }
    nanos[count++] = latencyNanos;
  }

  int count() {
    return count;
  }

  /** Every sample of {@code all}, sorted ascending. */
  static long[] sorted(Iterable<Latencies> all) {
    int total = 0;
    for (Latencies l : all) {
      total += l.count;
    }
    long[] merged = new long[total];
    int at = 0;
    for (Latencies l : all) {
      System.arraycopy(l.nanos, 0, merged, at, l.count);
      at += l.count;
    }
    Arrays.sort(merged);
    return merged;
  }

  /**
   * The {@code p}-th percentile of ascending {@code sorted} samples by the nearest-rank method: the
   * smallest sample with at least {@code p}% of the samples at or below it.
   *
   * @throws IllegalArgumentException if there are no samples or {@code p} is not in (0, 100]
   */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    // p * n first: exact for whole percentiles, so 99% of 100 samples is rank 99, not 100.
    int rank = (int) Math.ceil(p * sorted.length / 100.0);
    return sorted[Math.max(rank, 1) - 1];
  }
}
