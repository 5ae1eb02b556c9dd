package dev.kappa.bench;

import dev.kappa.bench.internal.BenchDirectory;
import dev.kappa.bench.internal.CutoverWorkload;
import dev.kappa.bench.internal.JsonLines;
import dev.kappa.bench.internal.NexmarkGenerator;
import dev.kappa.bench.internal.ReplayWorkloads;
import dev.kappa.engine.examples.NexmarkEvent;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.StreamConfig;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.StreamModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures reprocessing: rebuilding a view from the log beside the version that serves, and what
 * that does to live views and queries. Prints each {@link Measurement} as one JSON line:
 *
 * <ul>
 *   <li>{@code replay.q7.eventsPerSecond} and {@code replay.q5.eventsPerSecond}: a second run
 *       (version 2, its own id and store) of Nexmark q7 (highest bid per 10 s window) or q5 (bids
 *       per auction, 10 s windows sliding every 2 s) rebuilt over the whole log while version 1
 *       runs live and caught up in the same engine, until lag 0; the median of the runs after a
 *       warm-up;
 *   <li>{@code replay.live.latency.p50}, {@code .p99} and {@code .max}: a live view's time from
 *       append acknowledgement to commit, at a steady rate, while a q5 replay over the whole log
 *       runs in the same engine, in ms;
 *   <li>{@code replay.cutover.pause}, {@code .query.p99}, {@code .failedQueries} and {@code
 *       .replaySeconds}: a server in this JVM replays its example view {@code
 *       page-views-per-minute} over a click stream while threads query it over HTTP; the longest
 *       wait for an answer across the automatic cutover (the median of the runs after a warm-up),
 *       the p99 of all queries, the queries that failed, and how long a replay took until it
 *       served.
 * </ul>
 *
 * <p>Everything runs in this JVM and shares the machine's cores. Not thread-safe.
 */
public final class ReplayBenchmark {

  static final String STREAM = "nexmark";
  static final int PARTITIONS = 2;

  private final Settings settings;

  public ReplayBenchmark(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs every measurement, printing each to {@code out} as a JSON line.
   *
   * @return the measurements, in the order printed
   * @throws IllegalStateException if a run failed, did not catch up, or the server refused an
   *     action
   */
  public List<Measurement> run(PrintStream out) throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    try (BenchDirectory dir = BenchDirectory.create(settings.directory())) {
      try (Log log = EmbeddedLog.open(dir.root().resolve("log"))) {
        SchemaRegistry registry = SchemaRegistry.open(log);
        log.createStream(StreamConfig.of(STREAM, PARTITIONS));
        registry.define(StreamModel.avro(STREAM));
        SchemaVersion version = registry.register(STREAM, NexmarkEvent.SCHEMA);
        new NexmarkGenerator(registry.codec(), version, 10_000, 7)
            .write(log, STREAM, PARTITIONS, settings.events(), 1);
        ReplayWorkloads workloads =
            new ReplayWorkloads(
                log, registry, version, dir, STREAM, settings.runs(), settings.events());
        JsonLines.printAll(out, workloads.q7(), results);
        JsonLines.printAll(out, workloads.q5(), results);
        JsonLines.printAll(
            out, workloads.liveDuringReplay(settings.liveRate(), settings.liveSeconds()), results);
      }
      JsonLines.printAll(
          out,
          new CutoverWorkload(dir, settings.clicks(), settings.queryThreads(), settings.runs())
              .measure(),
          results);
    }
    return results;
  }

  /**
   * What to run.
   *
   * @param directory where to create the benchmark's temporary directory, or null for the system
   *     temporary directory
   * @param events Nexmark events on the log, each replay reading them all
   * @param runs timed runs per replay measurement, after one warm-up; the median is reported
   * @param liveRate events per second appended to the live view during a replay
   * @param liveSeconds the least time the live view is measured, should the replay be quicker
   * @param clicks click events ingested into the server before its view is replayed
   * @param queryThreads threads querying the server's view, one query in flight each
   */
  public record Settings(
      Path directory,
      long events,
      int runs,
      int liveRate,
      int liveSeconds,
      long clicks,
      int queryThreads) {

    public static final long DEFAULT_EVENTS = 5_000_000;
    public static final long DEFAULT_CLICKS = 1_000_000;

    public Settings {
      if (events < 1000 || clicks < 1000) {
        throw new IllegalArgumentException("events and clicks must be at least 1000");
      }
      if (runs < 1 || liveRate < 1 || liveSeconds < 1 || queryThreads < 1) {
        throw new IllegalArgumentException("runs, rate, seconds and threads must be positive");
      }
    }

    /**
     * 5,000,000 events, 3 runs, 20,000 events/s live for at least 5 s, 1,000,000 clicks, 2 threads.
     */
    public static Settings defaults() {
      return new Settings(null, DEFAULT_EVENTS, 3, 20_000, 5, DEFAULT_CLICKS, 2);
    }

    public Settings withDirectory(Path directory) {
      return new Settings(directory, events, runs, liveRate, liveSeconds, clicks, queryThreads);
    }

    public Settings withEvents(long events) {
      return new Settings(directory, events, runs, liveRate, liveSeconds, clicks, queryThreads);
    }

    public Settings withRuns(int runs) {
      return new Settings(directory, events, runs, liveRate, liveSeconds, clicks, queryThreads);
    }

    public Settings withLive(int rate, int seconds) {
      return new Settings(directory, events, runs, rate, seconds, clicks, queryThreads);
    }

    public Settings withClicks(long clicks) {
      return new Settings(directory, events, runs, liveRate, liveSeconds, clicks, queryThreads);
    }

    public Settings withQueryThreads(int threads) {
      return new Settings(directory, events, runs, liveRate, liveSeconds, clicks, threads);
    }
  }
}
