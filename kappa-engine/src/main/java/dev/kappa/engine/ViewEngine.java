package dev.kappa.engine;

import dev.kappa.engine.internal.DefaultViewEngine;
import dev.kappa.log.Log;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs views over a log, live: each view catches up from its committed offsets (from the start for
 * a new view version, or from where its {@link RunOptions} say) and then follows the log's durable
 * end, or stops at the end its options give. State lives in RocksDB under {@code
 * <stateDirectory>/<view name>/v<version>/}, one store per view version, and every commit writes
 * state and input offsets in one atomic write: after a crash at any moment a view resumes exactly
 * from its last commit, so each record affects its state exactly once.
 *
 * <p>Views share a fixed pool of threads. A view works in bounded slices and yields its thread
 * between them, reads the log only as fast as it processes (no queues), and parks without a thread
 * while it has caught up.
 *
 * <p>Thread-safe.
 */
public interface ViewEngine extends AutoCloseable {

  static Builder builder(Log log, Path stateDirectory) {
    return new Builder(log, stateDirectory);
  }

  /**
   * Starts running {@code view}. A view of the same id that was stopped or failed runs again from
   * its last commit; the {@link RunningView} of its earlier run can no longer read state.
   *
   * @throws IllegalArgumentException if a source stream does not exist, or a view with this id runs
   */
  default <K, R> RunningView<K, R> start(View<K, R> view) {
    return start(view, RunOptions.DEFAULTS);
  }

  /**
   * Starts a run of {@code view} as {@code options} lay out: under its own id and store, from given
   * offsets, up to an end. A run of the same id that was stopped, failed or finished runs again
   * from its last commit (a finished one with the same end has nothing more to do).
   *
   * @throws IllegalArgumentException if a source stream does not exist, a run with this id runs,
   *     offsets name partitions the stream does not have or lie outside the log, a bounded run
   *     lacks the end of a source stream
   */
  <K, R> RunningView<K, R> start(View<K, R> view, RunOptions options);

  /** Status of every view started and not removed, by id. */
  List<ViewStatus> statuses();

  Optional<RunningView<?, ?>> view(String id);

  /** Stops a view after its current slice, committing what it processed. Its state stays. */
  void stop(String id);

  /**
   * Stops a run and releases its store, which stays on disk; the {@link RunningView} can no longer
   * read state. Does nothing if there is no such run.
   */
  void remove(String id);

  /** Stops every view and releases their stores. */
  @Override
  void close();

  /** Settings of a {@link ViewEngine}. Not thread-safe. */
  final class Builder {

    private final Log log;
    private final Path stateDirectory;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private Clock clock = Clock.systemUTC();
    private int maxCacheEntries = 2_000_000;
    private long commitEveryRecords = 10_000_000;
    private Duration commitInterval = Duration.ofSeconds(5);

    private Builder(Log log, Path stateDirectory) {
      this.log = Objects.requireNonNull(log, "log");
      this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
    }

    /** Threads shared by all views (default: the number of processors). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, was " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The clock for rates in status reports; never used for state. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Entries each view keeps in its write-back cache before committing and evicting (default
     * 2,000,000, about 150 bytes each with small accumulators; lower it for large accumulators such
     * as HyperLogLog sketches).
     */
    public Builder maxCacheEntries(int entries) {
      if (entries < 1) {
        throw new IllegalArgumentException("cache entries must be at least 1, was " + entries);
      }
      this.maxCacheEntries = entries;
      return this;
    }

    /**
     * Records a view processes between commits while catching up (default 10,000,000; it also
     * commits at {@link #commitInterval} and whenever it has caught up).
     */
    public Builder commitEveryRecords(long records) {
      if (records < 1) {
        throw new IllegalArgumentException("commit interval must be at least 1, was " + records);
      }
      this.commitEveryRecords = records;
      return this;
    }

    /**
     * How long a view catching up goes between commits (default 5 s, by the engine's clock). A view
     * that has caught up commits at once; commit points never change what state holds, only how
     * much a restart processes again.
     */
    public Builder commitInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("commit interval must not be negative: " + interval);
      }
      this.commitInterval = interval;
      return this;
    }

    public ViewEngine build() {
      return new DefaultViewEngine(
          log,
          stateDirectory,
          threads,
          clock,
          maxCacheEntries,
          commitEveryRecords,
          commitInterval.toMillis());
    }
  }
}
