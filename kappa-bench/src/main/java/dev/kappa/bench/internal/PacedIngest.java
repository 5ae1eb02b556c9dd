package dev.kappa.bench.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One platform thread posting the {@link ClickServer}'s clicks as NDJSON at a steady rate: at most
 * once every {@value #TICK_MS} ms ({@link IngestSchedule}) it sends the events due since the start,
 * in one request on one keep-alive connection, the way a producer lingers to batch. A request's
 * acknowledgement waits for the events to be durable, which can take longer than a tick (an fsync
 * on a busy disk); the next request then goes at once and carries the debt, up to {@value
 * #MAX_BATCH_MS} ms of events, so the rate holds with one request in flight, and the rate achieved
 * shows what the server kept up with.
 *
 * <p>Thread-safe: the counters may be read while it runs. Closing stops and joins the thread.
 */
final class PacedIngest implements AutoCloseable {

  static final long TICK_MS = 10;
  static final long MAX_BATCH_MS = 1000;

  private final ClickServer server;
  private final int rate;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile String lastFailure;

  private PacedIngest(ClickServer server, int rate) {
    this.server = server;
    this.rate = rate;
    this.thread = Thread.ofPlatform().name("bench-ingest").unstarted(this::loop);
  }

  /** Starts posting at {@code rate} events/s; 0 posts nothing. */
  static PacedIngest start(ClickServer server, int rate) {
    PacedIngest ingest = new PacedIngest(server, rate);
    if (rate > 0) {
      ingest.thread.start();
    }
    return ingest;
  }

  private void loop() {
    ClickBodies bodies = new ClickBodies(server.clicks());
    IngestSchedule schedule =
        new IngestSchedule(
            rate, TimeUnit.MILLISECONDS.toNanos(TICK_MS), Math.max(1, rate * MAX_BATCH_MS / 1000));
    long begin = System.nanoTime();
    try (KeepAliveConnection connection = new KeepAliveConnection(server.uri())) {
      while (!stopped) {
        long elapsed = System.nanoTime() - begin;
        long wait = schedule.waitNanos(elapsed);
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue;
        }
        int count = schedule.take(elapsed);
        if (count > 0) {
          int length = bodies.fill(count);
          post(connection, bodies.buffer(), length, count);
        }
      }
    }
  }

  private void post(KeepAliveConnection connection, byte[] body, int length, int count) {
    try {
      int status =
          connection.send(connection.postNdjson(ClickServer.EVENTS_PATH, length), body, length);
      if (status == 200) {
        acked.addAndGet(count);
        requests.incrementAndGet();
      } else {
        failed.addAndGet(count);
        lastFailure = status + " " + connection.bodyText();
      }
    } catch (IOException e) {
      failed.addAndGet(count);
      lastFailure = e.toString();
    }
  }

  /** Events the server has acknowledged so far. */
  long acked() {
    return acked.get();
  }

  /** Requests the server has acknowledged so far. */
  long requests() {
    return requests.get();
  }

  /** Events in requests that failed so far. */
  long failed() {
    return failed.get();
  }

  /** The last failure's status and body, or exception, or null. */
  String lastFailure() {
    return lastFailure;
  }

  /** The posting thread, for {@link CpuTime}; none if the rate is 0. */
  List<Thread> threads() {
    return rate > 0 ? List.of(thread) : List.of();
  }

  @Override
  public void close() {
    stopped = true;
    if (rate > 0) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
