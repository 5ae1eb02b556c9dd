package dev.kappa.bench.internal;

import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/** The append loops the workloads time. Stateless; safe to call from many threads. */
final class Appenders {

  private Appenders() {}

  /** {@code count} identical records with a fixed pseudo-random value of {@code valueBytes}. */
  static List<NewRecord> records(int count, int valueBytes) {
    byte[] value = new byte[valueBytes];
    new Random(42).nextBytes(value);
    return Collections.nCopies(count, NewRecord.of(value));
  }

  /**
   * Appends {@code batch} to one partition again and again, with up to {@code inFlight} appends
   * outstanding, until {@code maxRecords} records or the deadline; then waits for all of them to be
   * durable.
   *
   * @return the records appended, all durable
   */
  static long batched(
      Log log,
      String stream,
      int partition,
      List<NewRecord> batch,
      int inFlight,
      long maxRecords,
      Deadline deadline)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long sent = 0;
    while (sent < maxRecords && !deadline.passed() && failure.get() == null) {
      permits.acquire();
      log.append(stream, partition, batch)
          .whenComplete(
              (result, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
                permits.release();
              });
      sent += batch.size();
    }
    permits.acquire(inFlight);
    if (failure.get() != null) {
      throw new IllegalStateException("append failed: " + failure.get(), failure.get());
    }
    return sent;
  }

  /**
   * Appends {@code record} alone, awaiting each append before the next, until {@code maxRecords}
   * records or the deadline.
   *
   * @return the records appended, all durable
   */
  static long oneByOne(
      Log log, String stream, int partition, NewRecord record, long maxRecords, Deadline deadline) {
    List<NewRecord> one = List.of(record);
    long sent = 0;
    while (sent < maxRecords && !deadline.passed()) {
      log.append(stream, partition, one).join();
      sent++;
    }
    return sent;
  }
}
