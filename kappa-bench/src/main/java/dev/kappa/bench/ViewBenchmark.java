package dev.kappa.bench;

import dev.kappa.bench.internal.BenchDirectory;
import dev.kappa.bench.internal.JsonLines;
import dev.kappa.bench.internal.NexmarkGenerator;
import dev.kappa.bench.internal.ViewWorkloads;
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
 * Measures views on Nexmark-style auction data (92% bids, about 100-byte Avro events) replayed from
 * Kappa's own log, with state in RocksDB and exactly-once commits, and prints each {@link
 * Measurement} as one JSON line:
 *
 * <ul>
 *   <li>{@code views.replay.q7}: highest bid per 10 s tumbling window, events/s;
 *   <li>{@code views.replay.q5}: bids per auction over 10 s windows sliding every 2 s, events/s;
 *   <li>{@code views.replay.distinct-keys}: bids per bidder over 1,000,000 distinct bidders,
 *       events/s, with the peak heap used during the runs;
 *   <li>{@code views.live.latency}: events appended at a steady rate, time from the append's
 *       acknowledgement to its being visible in the view's committed state, p50 and p99 in ms.
 * </ul>
 *
 * <p>Events are written once (not timed); each run replays them with a fresh view state. Not
 * thread-safe.
 */
public final class ViewBenchmark {

  static final String STREAM = "nexmark";
  static final String WIDE_STREAM = "nexmark-wide";
  static final int PARTITIONS = 2;

  private final Settings settings;

  public ViewBenchmark(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public List<Measurement> run(PrintStream out) throws InterruptedException {
    List<Measurement> results = new ArrayList<>();
    try (BenchDirectory dir = BenchDirectory.create(settings.directory());
        Log log = EmbeddedLog.open(dir.root().resolve("log"))) {
      SchemaRegistry registry = SchemaRegistry.open(log);
      SchemaVersion version = register(log, registry, STREAM);
      register(log, registry, WIDE_STREAM);
      new NexmarkGenerator(registry.codec(), version, 10_000, 7)
          .write(log, STREAM, PARTITIONS, settings.events(), 1);
      new NexmarkGenerator(registry.codec(), version, settings.distinctKeys(), 11)
          .write(log, WIDE_STREAM, PARTITIONS, settings.events(), 1);
      ViewWorkloads workloads =
          new ViewWorkloads(
              log, registry.codec(), version, dir, settings.runs(), settings.events());
      List<ViewWorkloads.Group> groups =
          List.of(
              () -> workloads.replayQ7(STREAM),
              () -> workloads.replayQ5(STREAM),
              () -> workloads.replayDistinctKeys(WIDE_STREAM, settings.distinctKeys()),
              () -> workloads.liveLatency(registry, settings.liveRate(), settings.liveSeconds()));
      for (ViewWorkloads.Group group : groups) {
        JsonLines.printAll(out, group.measure(), results);
      }
    }
    return results;
  }

  private static SchemaVersion register(Log log, SchemaRegistry registry, String stream) {
    log.createStream(StreamConfig.of(stream, PARTITIONS));
    registry.define(StreamModel.avro(stream));
    return registry.register(stream, NexmarkEvent.SCHEMA);
  }

  /**
   * What to run.
   *
   * @param directory where to create the benchmark's temporary directory, or null for the system
   *     temporary directory
   * @param events events per replay
   * @param distinctKeys distinct bidders in the many-keys replay
   * @param runs runs per replay measurement; the median is reported
   * @param liveRate events per second in the live-latency measurement
   * @param liveSeconds how long the live-latency measurement appends
   */
  public record Settings(
      Path directory, long events, long distinctKeys, int runs, int liveRate, int liveSeconds) {

    public static final long DEFAULT_EVENTS = 5_000_000;

    public Settings {
      if (events < 1000 || distinctKeys < 1 || runs < 1 || liveRate < 1 || liveSeconds < 1) {
        throw new IllegalArgumentException(
            "events must be at least 1000 and the other settings positive");
      }
    }

    /** 5,000,000 events, 1,000,000 distinct keys, 3 runs, 20,000 events/s live for 10 s. */
    public static Settings defaults() {
      return new Settings(null, DEFAULT_EVENTS, 1_000_000, 3, 20_000, 10);
    }

    public Settings withDirectory(Path directory) {
      return new Settings(directory, events, distinctKeys, runs, liveRate, liveSeconds);
    }

    public Settings withEvents(long events) {
      return new Settings(directory, events, distinctKeys, runs, liveRate, liveSeconds);
    }

    public Settings withDistinctKeys(long keys) {
      return new Settings(directory, events, keys, runs, liveRate, liveSeconds);
    }

    public Settings withRuns(int runs) {
      return new Settings(directory, events, distinctKeys, runs, liveRate, liveSeconds);
    }

    public Settings withLive(int rate, int seconds) {
      return new Settings(directory, events, distinctKeys, runs, rate, seconds);
    }
  }
}
