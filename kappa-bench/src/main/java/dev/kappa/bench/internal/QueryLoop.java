package dev.kappa.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that each send one {@code GET} at a time on their own {@link KeepAliveConnection}, round
 * the given paths, until stopped, and record when each query started, how long it took, which build
 * answered it (the answer's {@code build}) and whether it failed (an I/O error or a status other
 * than 200). The client is as lean as a blocking socket gets, so the latencies are the server's and
 * not a client library's. Start with {@link #start}, stop with {@link #stop}; read the results
 * after.
 */
final class QueryLoop {

  private static final int KEPT_FAILURES = 3;

  private final URI server;
  private final List<byte[]> requests;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Record> records = new CopyOnWriteArrayList<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean stopped;

  /**
   * @param server the server's address
   * @param paths what to query, each a path with its query string
   */
  QueryLoop(URI server, List<String> paths) {
    this.server = server;
    KeepAliveConnection encoder = new KeepAliveConnection(server);
    this.requests = paths.stream().map(encoder::get).toList();
  }

  /**
   * Per thread: each query's start ({@link System#nanoTime}), latency in ns and answering build
   * (-1: none), in order.
   */
  static final class Record {
    private long[] starts = new long[4096];
    private long[] nanos = new long[4096];
    private long[] builds = new long[4096];
    private int count;

    void add(long start, long latency, long build) {
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        nanos = Arrays.copyOf(nanos, count * 2);
        builds = Arrays.copyOf(builds, count * 2);
      }
      starts[count] = start;
      nanos[count] = latency;
      builds[count++] = build;
    }

    long end(int i) {
      return starts[i] + nanos[i];
    }
  }

  void start(int count) {
    for (int t = 0; t < count; t++) {
      Record record = new Record();
      records.add(record);
      int first = t;
      Thread thread = Thread.ofPlatform().name("bench-query-" + t).start(() -> loop(first, record));
      threads.add(thread);
    }
  }

  private void loop(int first, Record record) {
    try (KeepAliveConnection connection = new KeepAliveConnection(server)) {
      for (int i = first; !stopped; i++) {
        long start = System.nanoTime();
        try {
          int status = connection.send(requests.get(i % requests.size()), null, 0);
          long latency = System.nanoTime() - start;
          record.add(start, latency, status == 200 ? connection.numberField("build") : -1);
          if (status != 200) {
            fail(status + " " + connection.bodyText());
          }
        } catch (IOException e) {
          record.add(start, System.nanoTime() - start, -1);
          fail(e.toString());
        }
      }
    }
  }

  private void fail(String why) {
    if (failed.incrementAndGet() <= KEPT_FAILURES) {
      failures.add(why.length() <= 300 ? why : why.substring(0, 300) + "…");
    }
  }

  void stop() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join();
    }
  }

  long failed() {
    return failed.get();
  }

  /** The first few failures' status and body, or exception. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Every query's latency in ns, sorted ascending. */
  long[] latencies() {
    return records.stream()
        .flatMapToLong(r -> Arrays.stream(r.nanos, 0, r.count))
        .sorted()
        .toArray();
  }

  /**
   * The {@code n} slowest queries in flight at some moment in [from, to], slowest first, each as
   * {@code latency ms @ start ms}, the start relative to {@code origin}: where in time a pause
   * fell.
   */
  List<String> slowestBetween(long from, long to, long origin, int n) {
    List<long[]> queries = new ArrayList<>();
    for (Record r : records) {
      for (int i = 0; i < r.count; i++) {
        if (r.starts[i] <= to && r.starts[i] + r.nanos[i] >= from) {
          queries.add(new long[] {r.nanos[i], r.starts[i]});
        }
      }
    }
    queries.sort((a, b) -> Long.compare(b[0], a[0]));
    return queries.stream()
        .limit(n)
        .map(q -> Sample.round(q[0] / 1e6, 1) + "@" + Sample.round((q[1] - origin) / 1e6, 1))
        .toList();
  }

  /**
   * The longest gap, in ns, a query thread saw in its answers when serving switched from build
   * {@code from} to build {@code to}, as the answers place the switch; -1 if no answer came from
   * one of them.
   *
   * <p>A query resolves its build once, between its start and its end. So the switch came after the
   * start of every query {@code from} answered, and before the end of every query {@code to}
   * answered: within [latest start answered by {@code from}, earliest end answered by {@code to}],
   * an interval about one query long. The queries counted are those in flight at some moment of
   * that interval, and on each thread the last answered by {@code from} and the first by {@code
   * to}, even if it started after the interval: each thread's wait for answers across the switch.
   */
  long longestAtSwitch(long from, long to) {
    return longestAtSwitch(records, from, to);
  }

  /** {@link #longestAtSwitch(long, long)} of the queries {@code records} hold, one per thread. */
  static long longestAtSwitch(List<Record> records, long from, long to) {
    long latestOld = Long.MIN_VALUE;
    long earliestNew = Long.MAX_VALUE;
    for (Record r : records) {
      for (int i = 0; i < r.count; i++) {
        if (r.builds[i] == from) {
          latestOld = Math.max(latestOld, r.starts[i]);
        } else if (r.builds[i] == to) {
          earliestNew = Math.min(earliestNew, r.end(i));
        }
      }
    }
    if (earliestNew == Long.MAX_VALUE || latestOld == Long.MIN_VALUE) {
      return -1;
    }
    long longest = -1;
    for (Record r : records) {
      int lastOld = -1;
      int firstNew = -1;
      for (int i = 0; i < r.count; i++) {
        if (r.builds[i] == from) {
          lastOld = i;
        } else if (r.builds[i] == to && firstNew < 0) {
          firstNew = i;
        }
        if (r.starts[i] <= earliestNew && r.end(i) >= latestOld) {
          longest = Math.max(longest, r.nanos[i]);
        }
      }
      for (int i : new int[] {lastOld, firstNew}) {
        if (i >= 0) {
          longest = Math.max(longest, r.nanos[i]);
        }
      }
    }
    return longest;
  }

  /** The latencies in ns, sorted, of the queries in flight at some moment in [from, to]. */
  long[] latenciesBetween(long from, long to) {
    return records.stream()
        .flatMapToLong(
            r ->
                java.util.stream.IntStream.range(0, r.count)
                    .filter(i -> r.starts[i] <= to && r.starts[i] + r.nanos[i] >= from)
                    .mapToLong(i -> r.nanos[i]))
        .sorted()
        .toArray();
  }
}
