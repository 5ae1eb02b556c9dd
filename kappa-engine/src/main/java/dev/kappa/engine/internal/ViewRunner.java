package dev.kappa.engine.internal;

import dev.kappa.engine.RunningView;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewFailedException;
import dev.kappa.engine.ViewState;
import dev.kappa.engine.ViewStatus;
import dev.kappa.log.Log;
import dev.kappa.log.LogException;
import dev.kappa.log.ReadBuffer;
import dev.kappa.log.ReadResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs one view: reads its source partitions from their next offsets, feeds the {@link ViewTask},
 * and commits every {@code commitEvery} records or {@code commitIntervalMillis} (by the clock; it
 * only decides when commits happen, never what they hold), when the cache is full, and whenever it
 * has caught up. Work happens in slices on a shared executor; between slices the runner holds no
 * thread, and when caught up it parks until a source partition's durable end moves.
 *
 * <p>At most one slice runs at a time (a lock, never contended in normal operation). Thread-safe.
 */
final class ViewRunner<K, R> implements RunningView<K, R> {

  private static final int READ_BYTES = 1 << 20;
  private static final int SLICE_RECORDS = 100_000;

  /**
   * Closed windows waiting for the next commit; past this they are written, in the background, so
   * that writing overlaps processing instead of piling up for one large write.
   */
  private static final long PENDING_BYTES = 8 << 20;

  private final Log log;
  private final View<K, R> view;
  private final ViewTask task;
  private final StateStore store;
  private final StateReader<K, R> reader;
  private final SlicePool executor;

  /** The kind of this run's slices while it is behind the log. */
  private volatile SlicePool.Kind catchingUp;

  private final String id;
  private final long[] starts;
  private final long[] ends;
  private final boolean bounded;
  private final long commitEvery;
  private final long commitIntervalMillis;
  private final Clock clock;
  private long lastCommitMillis;
  private final RateMeter rate;
  private final ReentrantLock sliceLock = new ReentrantLock();
  private final ReadBuffer readBuffer = new ReadBuffer(); // used by slices, under sliceLock
  private final AtomicBoolean parked = new AtomicBoolean();
  private final List<CompletableFuture<Long>> waiters = new ArrayList<>();
  private final String[] streams;
  private final ConcurrentLinkedQueue<CommitWaiter> commitWaiters = new ConcurrentLinkedQueue<>();

  private record CommitWaiter(
      int source, int partition, long offset, CompletableFuture<Void> done) {}

  private volatile ViewStatus.State state = ViewStatus.State.RUNNING;
  private volatile String error;
  private volatile long processed;

  /**
   * @param starts where each partition starts, flat (source then partition order), for a new store
   * @param ends where each partition stops, flat; {@link Long#MAX_VALUE} to follow the log
   */
  ViewRunner(
      Log log,
      String id,
      View<K, R> view,
      int[] partitionCounts,
      long[] starts,
      long[] ends,
      StateStore store,
      SlicePool executor,
      Executor committer,
      int maxCacheEntries,
      long commitEvery,
      long commitIntervalMillis,
      boolean background,
      Clock clock) {
    background(background);
    this.commitIntervalMillis = commitIntervalMillis;
    this.clock = clock;
    this.lastCommitMillis = clock.millis();
    this.log = log;
    this.view = view;
    this.store = store;
    this.id = id;
    this.starts = starts.clone();
    this.ends = ends.clone();
    this.bounded = java.util.Arrays.stream(ends).anyMatch(end -> end != Long.MAX_VALUE);
    this.task = new ViewTask(view, partitionCounts, store, maxCacheEntries, committer, starts);
    this.task.onWritten(this::completeWaiters);
    this.task.onWriteFailed(
        e -> fail("view " + id + " stopped: its state could not be written: " + e, e));
    this.reader = new StateReader<>(view, partitionCounts, store);
    this.executor = executor;
    this.commitEvery = commitEvery;
    this.rate = new RateMeter(clock);
    this.streams = view.sources().stream().map(s -> s.stream()).toArray(String[]::new);
    for (int s = 0; s < partitionCounts.length; s++) {
      for (int p = 0; p < partitionCounts[s]; p++) {
        waiters.add(null);
      }
    }
  }

  @Override
  public void background(boolean background) {
    catchingUp = background ? SlicePool.Kind.BACKGROUND : SlicePool.Kind.CATCHING_UP;
  }

  @Override
  public boolean background() {
    return catchingUp == SlicePool.Kind.BACKGROUND;
  }

  void start() {
    executor.submit(this::slice, catchingUp);
  }

  private void slice() {
    if (state != ViewStatus.State.RUNNING || !sliceLock.tryLock()) {
      return;
    }
    boolean more;
    try {
      more = work();
    } catch (RollbackException e) {
      more = true; // the task reset to its last commit; read again from there
    } catch (ViewFailedException e) {
      fail(e.getMessage(), e);
      return;
    } catch (LogException | StateStoreException e) {
      fail("view " + id + " stopped: " + e.getMessage(), e);
      return;
    } catch (RuntimeException e) {
      fail("view " + id + " stopped by an unexpected error: " + e, e);
      return;
    } finally {
      sliceLock.unlock();
    }
    if (state != ViewStatus.State.RUNNING) {
      return;
    }
    if (more) {
      executor.submit(this::slice, catchingUp);
    } else if (bounded && reachedEnd()) {
      finish();
    } else {
      park();
    }
  }

  /** One slice; whether there may be more to read right away. */
  private boolean work() {
    long read = 0;
    boolean progress = true;
    while (progress && read < SLICE_RECORDS) {
      progress = false;
      for (int s = 0, flat = 0; s < task.sourceCount(); s++) {
        for (int p = 0; p < task.partitionCount(s); p++, flat++) {
          long next = task.nextOffset(s, p);
          if (next >= ends[flat]) {
            continue;
          }
          // Each batch is processed before the next read, so one buffer serves every read.
          ReadResult batch = log.read(streams[s], p, next, READ_BYTES, readBuffer);
          if (!batch.isEmpty()) {
            int source = s;
            long end = ends[flat];
            if (end == Long.MAX_VALUE) {
              batch.forEach(record -> task.process(source, record));
            } else {
              batch.forEach(
                  record -> {
                    if (record.offset() < end) {
                      task.process(source, record);
                    }
                  });
            }
            read += batch.recordCount();
            progress = true;
          }
        }
      }
      if (task.uncommitted() >= commitEvery
          || task.cacheFull()
          || task.pendingBytes() >= PENDING_BYTES
          || (task.uncommitted() > 0
              && clock.millis() - lastCommitMillis >= commitIntervalMillis)) {
        commit();
      }
    }
    if (!progress && task.changedSinceCommit()) {
      commit(); // caught up: make everything processed visible
    }
    processed = task.processed();
    rate.record(processed);
    return progress;
  }

  private void commit() {
    task.commit();
    lastCommitMillis = clock.millis();
  }

  /** Completes the waiters that the last written commit satisfies; on the writing thread. */
  private void completeWaiters() {
    if (!commitWaiters.isEmpty()) {
      commitWaiters.removeIf(
          w -> {
            boolean done = task.committedOffset(w.source(), w.partition()) > w.offset();
            if (done) {
              w.done().complete(null);
            }
            return done;
          });
    }
  }

  @Override
  public CompletableFuture<Void> awaitCommitted(String stream, int partition, long offset) {
    int source = java.util.Arrays.asList(streams).indexOf(stream);
    if (source < 0 || partition < 0 || partition >= task.partitionCount(source)) {
      throw new IllegalArgumentException(
          "view " + id + " does not read partition " + partition + " of " + stream);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    CommitWaiter waiter = new CommitWaiter(source, partition, offset, done);
    // Registered before the check: a commit that the check misses drains the queue after it.
    commitWaiters.add(waiter);
    long committed =
        reader.progress().partitions().stream()
            .filter(p -> p.stream().equals(stream) && p.partition() == partition)
            .findFirst()
            .orElseThrow()
            .nextOffset();
    if (committed > offset) {
      commitWaiters.remove(waiter);
      done.complete(null);
    } else if (state != ViewStatus.State.RUNNING) {
      commitWaiters.remove(waiter);
      done.completeExceptionally(new IllegalStateException("view " + id + " is " + state));
    }
    return done;
  }

  /**
   * Waits, without a thread, for a source partition's durable end to pass the view's position. Each
   * partition has at most one waiter, reused across parks, so idle partitions do not accumulate
   * callbacks.
   */
  private void park() {
    parked.set(true);
    int i = 0;
    for (int s = 0; s < task.sourceCount(); s++) {
      for (int p = 0; p < task.partitionCount(s); p++, i++) {
        CompletableFuture<Long> waiter = waiters.get(i);
        if (waiter == null || waiter.isDone()) {
          if (waiter != null && waiter.isCompletedExceptionally()) {
            continue; // the log failed or closed: nothing more will arrive here
          }
          waiter = log.awaitDurable(streams[s], p, task.nextOffset(s, p));
          waiters.set(i, waiter);
          waiter.whenComplete((end, failure) -> wake(failure));
        }
      }
    }
  }

  private void wake(Throwable failure) {
    if (failure == null && parked.compareAndSet(true, false)) {
      executor.submit(this::slice, SlicePool.Kind.LIVE); // it had caught up: live work goes first
    }
  }

  private boolean reachedEnd() {
    for (int s = 0, flat = 0; s < task.sourceCount(); s++) {
      for (int p = 0; p < task.partitionCount(s); p++, flat++) {
        if (task.nextOffset(s, p) < ends[flat]) {
          return false;
        }
      }
    }
    return true;
  }

  /** A bounded run at its end: everything is committed; it stays readable. */
  private void finish() {
    sliceLock.lock();
    try {
      if (state != ViewStatus.State.RUNNING) {
        return;
      }
      task.awaitWritten();
      state = ViewStatus.State.FINISHED;
      completeWaiters();
      failWaiters(new IllegalStateException("view " + id + " finished at its end"));
    } catch (RuntimeException e) {
      fail("view " + id + " could not write its last commit: " + e, e);
    } finally {
      sliceLock.unlock();
    }
  }

  private void fail(String message, Throwable cause) {
    if (state == ViewStatus.State.FAILED) {
      return;
    }
    error = message;
    state = ViewStatus.State.FAILED;
    failWaiters(new IllegalStateException(message, cause));
  }

  private void failWaiters(RuntimeException why) {
    for (CommitWaiter w; (w = commitWaiters.poll()) != null; ) {
      w.done().completeExceptionally(why);
    }
  }

  /** Stops after the current slice; commits what the task processed. */
  void stop() {
    sliceLock.lock();
    try {
      if (state == ViewStatus.State.RUNNING) {
        try {
          commit();
          task.awaitWritten();
          state = ViewStatus.State.STOPPED;
          failWaiters(new IllegalStateException("view " + id + " stopped"));
        } catch (RuntimeException e) {
          fail("view " + id + " could not commit when stopping: " + e, e);
        }
      }
    } finally {
      sliceLock.unlock();
      for (CompletableFuture<Long> waiter : waiters) {
        if (waiter != null) {
          waiter.cancel(false);
        }
      }
    }
  }

  /** Whether it still runs: neither stopped nor failed. */
  boolean running() {
    return state == ViewStatus.State.RUNNING;
  }

  void closeStore() {
    store.close();
  }

  @Override
  public View<K, R> view() {
    return view;
  }

  @Override
  public ViewState<K, R> state() {
    return reader;
  }

  @Override
  public ViewStatus status() {
    var progress = reader.progress();
    List<ViewStatus.PartitionLag> lags = new ArrayList<>();
    int flat = 0;
    for (var partition : progress.partitions()) {
      long durableEnd = log.partition(partition.stream(), partition.partition()).durableEnd();
      lags.add(
          new ViewStatus.PartitionLag(
              partition.stream(),
              partition.partition(),
              starts[flat],
              partition.nextOffset(),
              Math.min(durableEnd, ends[flat])));
      flat++;
    }
    return new ViewStatus(id, state, error, lags, progress.processed(), rate.perSecond(processed));
  }
}
