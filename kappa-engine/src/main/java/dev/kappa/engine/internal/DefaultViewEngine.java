package dev.kappa.engine.internal;

import dev.kappa.engine.RunOptions;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewEngine;
import dev.kappa.engine.ViewStatus;
import dev.kappa.log.Log;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ViewEngine}: a fixed pool of daemon threads shared by every view ({@link SlicePool}),
 * whose queue holds at most one pending slice per view (a view schedules its next slice only when
 * the previous one ended, or when it wakes from a park), so it is bounded by {@link #MAX_VIEWS}.
 * Runs are keyed by their id.
 *
 * <p>Thread-safe.
 */
public final class DefaultViewEngine implements ViewEngine {

  static final int MAX_VIEWS = 1024;

  private final Log log;
  private final Path stateDirectory;
  private final Clock clock;
  private final int maxCacheEntries;
  private final long commitEvery;
  private final long commitIntervalMillis;
  private final SlicePool executor;
  private final ThreadPoolExecutor committer;
  private final TreeMap<String, ViewRunner<?, ?>> views = new TreeMap<>();

  public DefaultViewEngine(
      Log log,
      Path stateDirectory,
      int threads,
      Clock clock,
      int maxCacheEntries,
      long commitEvery,
      long commitIntervalMillis) {
    this.commitIntervalMillis = commitIntervalMillis;
    this.log = log;
    this.stateDirectory = stateDirectory;
    this.clock = clock;
    this.maxCacheEntries = maxCacheEntries;
    this.commitEvery = commitEvery;
    this.executor = new SlicePool(threads, "kappa-view-");
    // Writes commits while views go on processing; a view has at most one write in flight.
    this.committer = pool(threads, "kappa-view-commit-");
  }

  private static ThreadPoolExecutor pool(int threads, String name) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(MAX_VIEWS),
        runnable -> {
          Thread thread = new Thread(runnable, name + n.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public synchronized <K, R> RunningView<K, R> start(View<K, R> view, RunOptions options) {
    String id = options.id() == null ? view.id() : options.id();
    ViewRunner<?, ?> previous = views.get(id);
    if (previous != null && previous.running()) {
      throw new IllegalArgumentException("view " + id + " is already running");
    }
    if (previous == null && views.size() >= MAX_VIEWS) {
      throw new IllegalArgumentException("at most " + MAX_VIEWS + " views can run");
    }
    RunLayout layout = RunLayout.of(log, view, options);
    Path directory =
        options.directory() != null
            ? options.directory()
            : stateDirectory.resolve(view.name()).resolve("v" + view.version());
    if (previous != null) { // stopped, failed or finished: it gives up its store to the new run
      views.remove(id);
      previous.closeStore();
    }
    RocksStateStore store = RocksStateStore.open(directory);
    ViewRunner<K, R> runner;
    try {
      runner =
          new ViewRunner<>(
              log,
              id,
              view,
              layout.partitionCounts(),
              layout.starts(),
              layout.ends(),
              store,
              executor,
              committer,
              maxCacheEntries,
              commitEvery,
              commitIntervalMillis,
              options.background(),
              clock);
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
    views.put(id, runner);
    runner.start();
    return runner;
  }

  @Override
  public synchronized List<ViewStatus> statuses() {
    return views.values().stream().map(ViewRunner::status).toList();
  }

  @Override
  public synchronized Optional<RunningView<?, ?>> view(String id) {
    return Optional.ofNullable(views.get(id));
  }

  @Override
  public synchronized void stop(String id) {
    ViewRunner<?, ?> runner = views.get(id);
    if (runner != null) {
      runner.stop();
    }
  }

  @Override
  public void remove(String id) {
    ViewRunner<?, ?> runner;
    synchronized (this) {
      runner = views.remove(id);
    }
    if (runner != null) {
      // Outside the engine's lock: closing the store waits for readers holding a snapshot.
      runner.stop();
      runner.closeStore();
    }
  }

  @Override
  public synchronized void close() {
    for (ViewRunner<?, ?> runner : views.values()) {
      runner.stop();
    }
    executor.shutdown();
    committer.shutdown();
    try {
      executor.awaitTermination(30);
      committer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ViewRunner<?, ?> runner : views.values()) {
      runner.closeStore();
    }
    views.clear();
  }
}
