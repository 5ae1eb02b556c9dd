package dev.kappa.cli.internal;

import dev.kappa.log.AppendResult;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends batches asynchronously with at most {@code maxInFlight} appends outstanding: {@link
 * #submit} blocks while the pipeline is full (backpressure). Batches go to one fixed partition, or
 * by key with {@link Log#appendByKey}; either way they are submitted in order from one thread, so
 * each partition keeps the input's order.
 *
 * <p>With an ack writer, each partition a batch wrote is reported as {@code acked <partition>
 * <lastOffset>} once that batch is durable, in completion order, one flushed line each.
 *
 * <p>{@link #submit} and {@link #finish} must be called from one thread; completions arrive on the
 * log's threads.
 */
final class PipelinedAppender {

  private final Log log;
  private final String stream;
  private final Integer partition;
  private final PrintWriter acks;
  private final int maxInFlight;
  private final Semaphore permits;
  private final AtomicLong durableRecords = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * @param partition the partition to append to, or null to append by key
   * @param acks where to report durable batches, or null for no reports
   */
  PipelinedAppender(Log log, String stream, Integer partition, PrintWriter acks, int maxInFlight) {
    this.log = log;
    this.stream = stream;
    this.partition = partition;
    this.acks = acks;
    this.maxInFlight = maxInFlight;
    this.permits = new Semaphore(maxInFlight);
  }

  /**
   * Starts appending {@code batch}, first waiting for room in the pipeline.
   *
   * @throws RuntimeException the first failure of an earlier batch, or the append's own immediate
   *     rejection (unknown stream, record too large, ...); nothing more is submitted after it
   */
  void submit(List<NewRecord> batch) throws InterruptedException {
    permits.acquire();
    if (failure.get() != null) {
      permits.release();
      rethrowFailure();
    }
    CompletableFuture<List<AppendResult>> appended;
    try {
      appended =
          partition == null
              ? log.appendByKey(stream, batch)
              : log.append(stream, partition, batch).thenApply(List::of);
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
    appended.whenComplete(
        (results, e) -> {
          if (e != null) {
            failure.compareAndSet(null, CliErrors.unwrap(e));
          } else {
            durableRecords.addAndGet(batch.size());
            report(results);
          }
          permits.release();
        });
  }

  /**
   * Waits until every submitted batch is durable.
   *
   * @throws RuntimeException the first failure of any batch
   */
  void finish() throws InterruptedException {
    awaitOutstanding();
    rethrowFailure();
  }

  /** Waits until no batch is outstanding, successful or not. */
  void awaitOutstanding() throws InterruptedException {
    permits.acquire(maxInFlight);
    permits.release(maxInFlight);
  }

  /** Records of batches that completed durably so far. */
  long durableRecords() {
    return durableRecords.get();
  }

  private void report(List<AppendResult> results) {
    if (acks == null) {
      return;
    }
    synchronized (acks) {
      for (AppendResult r : results) {
        acks.print("acked " + r.partition() + " " + r.lastOffset() + "\n");
      }
      acks.flush();
    }
  }

  private void rethrowFailure() {
    Throwable e = failure.get();
    if (e == null) {
      return;
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    throw new CommandFailedException("append failed: " + e, e);
  }
}
