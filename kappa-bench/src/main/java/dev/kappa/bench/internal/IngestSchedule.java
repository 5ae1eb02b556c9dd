package dev.kappa.bench.internal;

/**
 * When {@link PacedIngest} sends, and how many events: at most one request per tick, sent at the
 * first tick boundary after the previous one, holding every event due since the start and not yet
 * sent, up to a cap. A request that takes longer than a tick leaves its debt to the next one, which
 * is then sent at once, and so is one the cap held back. Pure arithmetic on nanoseconds since the
 * start, so it is tested without a clock.
 *
 * <p>Not thread-safe.
 */
final class IngestSchedule {

  private final int rate;
  private final long tickNanos;
  private final long maxBatch;
  private long sent;
  private long nextSend;

  /**
   * @param rate events per second
   * @param tickNanos the least time between two sends
   * @param maxBatch the most events one request holds
   */
  IngestSchedule(int rate, long tickNanos, long maxBatch) {
    if (rate <= 0 || tickNanos <= 0 || maxBatch <= 0) {
      throw new IllegalArgumentException(
          "rate, tick and batch must be positive: " + rate + ", " + tickNanos + ", " + maxBatch);
    }
    this.rate = rate;
    this.tickNanos = tickNanos;
    this.maxBatch = maxBatch;
    this.nextSend = tickNanos;
  }

  /** How long to wait, at {@code elapsed} nanoseconds since the start, before the next send. */
  long waitNanos(long elapsed) {
    return Math.max(0, nextSend - elapsed);
  }

  /**
   * The events to send now, at {@code elapsed} nanoseconds since the start, once {@link #waitNanos}
   * is 0; the next send is then due at the first tick boundary after {@code elapsed}, or at once if
   * the cap held events back.
   */
  int take(long elapsed) {
    long due = (long) (elapsed * (double) rate / 1e9) - sent;
    int count = (int) Math.max(0, Math.min(due, maxBatch));
    sent += count;
    // Events the cap held back are behind schedule already: they go at once.
    nextSend = due > count ? elapsed : (elapsed / tickNanos + 1) * tickNanos;
    return count;
  }
}
