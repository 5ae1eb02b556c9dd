package dev.kappa.engine.internal;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads views run their slices on. Live slices (a view that had caught up and woke for new
 * records) go before the others (a view behind the log, in the foreground or the background), first
 * come first served within each: a replay never makes live views wait for more than the slices
 * already running, and no view behind the log waits for another to catch up.
 *
 * <p>A background slice (a rebuild beside a version that serves) runs at {@link
 * Thread#MIN_PRIORITY}, the others at {@link Thread#NORM_PRIORITY}: where the JVM maps priorities
 * to the operating system's (on Linux, with {@code -XX:ThreadPriorityPolicy=1}, as the launcher
 * passes when the process may raise a thread's priority back), a rebuild running flat out yields
 * the cores to queries, ingest and live views the moment they wake, instead of making them queue
 * for a time slice. Elsewhere the priority changes nothing.
 *
 * <p>The queue is bounded by its users, not by itself: each view has at most one slice pending.
 *
 * <p>Thread-safe.
 */
final class SlicePool {

  /** What a slice does: live slices go first, the other two in arrival order. */
  enum Kind {
    LIVE,
    CATCHING_UP,
    BACKGROUND
  }

  private final ThreadPoolExecutor executor;
  private final AtomicLong sequence = new AtomicLong();

  private record Slice(Kind kind, long sequence, Runnable work)
      implements Runnable, Comparable<Slice> {

    @Override
    public void run() {
      Thread thread = Thread.currentThread();
      int priority = kind == Kind.BACKGROUND ? Thread.MIN_PRIORITY : Thread.NORM_PRIORITY;
      if (thread.getPriority() != priority) {
        thread.setPriority(priority);
      }
      work.run();
    }

    @Override
    public int compareTo(Slice other) {
      boolean live = kind == Kind.LIVE;
      if (live != (other.kind == Kind.LIVE)) {
        return live ? -1 : 1;
      }
      return Long.compare(sequence, other.sequence);
    }
  }

  SlicePool(int threads, String name) {
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new PriorityBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, name + n.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  void submit(Runnable work, Kind kind) {
    executor.execute(new Slice(kind, sequence.getAndIncrement(), work));
  }

  void shutdown() {
    executor.shutdown();
  }

  void awaitTermination(long seconds) throws InterruptedException {
    executor.awaitTermination(seconds, TimeUnit.SECONDS);
  }
}
