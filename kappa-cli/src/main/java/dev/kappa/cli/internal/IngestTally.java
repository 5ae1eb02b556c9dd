package dev.kappa.cli.internal;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an ingest did, counted as replies arrive. Every event sent ends up in exactly one of
 * appended, duplicates, dead-lettered or rejected once its request is answered, unless the request
 * failed outright. Thread-safe.
 */
final class IngestTally {

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  void sent(int events) {
    sent.addAndGet(events);
  }

  void accepted(long appended, long duplicates, long deadLettered) {
    this.appended.addAndGet(appended);
    this.duplicates.addAndGet(duplicates);
    this.deadLettered.addAndGet(deadLettered);
  }

  void rejected(int events) {
    rejected.addAndGet(events);
  }

  long appended() {
    return appended.get();
  }

  /**
   * The summary line: {@code ingested 10 events into s in 0.123 s (81 events/s): 8 appended, 0
   * duplicates, 2 dead-lettered, 0 rejected}.
   */
  String summary(String stream, long nanos) {
    double seconds = nanos / 1e9;
    long events = sent.get();
    return String.format(
        Locale.ROOT,
        "ingested %d events into %s in %.3f s (%.0f events/s): %d appended, %d duplicates,"
            + " %d dead-lettered, %d rejected",
        events,
        stream,
        seconds,
        events / Math.max(seconds, 1e-9),
        appended.get(),
        duplicates.get(),
        deadLettered.get(),
        rejected.get());
  }
}
