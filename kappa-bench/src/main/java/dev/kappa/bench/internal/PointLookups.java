package dev.kappa.bench.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client connections that each send one point lookup at a time, round the {@link ClickServer}'s
 * pages, each on its own platform thread and {@link KeepAliveConnection}, until closed. Queries
 * that start while {@link #recording} is on count: their latency, and whether they failed (an I/O
 * error or a status other than 200). Platform threads so that {@link CpuTime} can tell what the
 * clients cost.
 *
 * <p>Thread-safe to switch and close; read the results after closing.
 */
final class PointLookups implements AutoCloseable {

  private static final int KEPT_FAILURES = 3;

  private final List<byte[]> requests;
  private final ClickServer server;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Latencies> latencies = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean recording;
  private volatile boolean stopped;

  private PointLookups(ClickServer server) {
    this.server = server;
    KeepAliveConnection encoder = new KeepAliveConnection(server.uri());
    this.requests = server.lookupPaths().stream().map(encoder::get).toList();
  }

  /** Starts {@code clients} connections querying, not yet recording. */
  static PointLookups start(ClickServer server, int clients) {
    PointLookups lookups = new PointLookups(server);
    for (int c = 0; c < clients; c++) {
      Latencies recorded = new Latencies();
      lookups.latencies.add(recorded);
      // Spread the clients round the keys, so they do not ask for the same page at once.
      int first = (int) ((long) c * lookups.requests.size() / clients);
      lookups.threads.add(
          Thread.ofPlatform().name("bench-lookup-" + c).start(() -> lookups.loop(first, recorded)));
    }
    return lookups;
  }

  private void loop(int first, Latencies recorded) {
    try (KeepAliveConnection connection = new KeepAliveConnection(server.uri())) {
      for (int i = first; !stopped; i = (i + 1) % requests.size()) {
        boolean counts = recording;
        long start = System.nanoTime();
        String failure = null;
        try {
          int status = connection.send(requests.get(i), null, 0);
          if (status != 200) {
            failure = status + " " + connection.bodyText();
          }
        } catch (IOException e) {
          failure = e.toString();
        }
        if (counts) {
          recorded.add(System.nanoTime() - start);
          if (failure != null) {
            fail(failure);
          }
        }
      }
    }
  }

  private void fail(String why) {
    if (failed.incrementAndGet() <= KEPT_FAILURES) {
      failures.add(why.length() <= 300 ? why : why.substring(0, 300) + "…");
    }
  }

  /** Whether queries starting from now on are counted. */
  void recording(boolean on) {
    recording = on;
  }

  /** The client threads, for {@link CpuTime}. */
  List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Counted queries that failed. */
  long failed() {
    return failed.get();
  }

  /** The first few failures' status and body, or exception. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Every counted query's latency in ns, sorted ascending; call after {@link #stop}. */
  long[] latencies() {
    return Latencies.sorted(latencies);
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops every client and waits for it to end; the results are then complete. */
  void stop() {
    stopped = true;
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
