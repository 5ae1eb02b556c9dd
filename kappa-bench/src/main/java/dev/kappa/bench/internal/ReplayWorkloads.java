package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import dev.kappa.engine.RunOptions;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewEngine;
import dev.kappa.engine.ViewStatus;
import dev.kappa.engine.examples.NexmarkDecoder;
import dev.kappa.engine.examples.NexmarkViews;
import dev.kappa.log.Log;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine measurements of {@code kappa bench replay}: rebuilding a view as a second run beside
 * its live, caught-up first run (the reprocessing path of a new version), and the latency of a live
 * view while another view replays in the same engine. Not thread-safe.
 */
public final class ReplayWorkloads {

  private static final int WARMUP_RUNS = 1;

  private final Log log;
  private final SchemaRegistry registry;
  private final SchemaVersion version;
  private final BenchDirectory dir;
  private final String stream;
  private final int runs;
  private final long events;

  public ReplayWorkloads(
      Log log,
      SchemaRegistry registry,
      SchemaVersion version,
      BenchDirectory dir,
      String stream,
      int runs,
      long events) {
    this.log = log;
    this.registry = registry;
    this.version = version;
    this.dir = dir;
    this.stream = stream;
    this.runs = runs;
    this.events = events;
  }

  /** {@code replay.q7.eventsPerSecond}: highest bid per 10 s window, rebuilt beside version 1. */
  public List<Measurement> q7() throws InterruptedException {
    return beside("replay.q7.eventsPerSecond", NexmarkViews.highestBid(stream, decoder()));
  }

  /** {@code replay.q5.eventsPerSecond}: bids per auction, rebuilt beside version 1. */
  public List<Measurement> q5() throws InterruptedException {
    return beside("replay.q5.eventsPerSecond", NexmarkViews.bidsPerAuction(stream, decoder()));
  }

  private NexmarkDecoder decoder() {
    return new NexmarkDecoder(registry.codec(), version);
  }

  /**
   * Runs {@code view} live until it has caught up (version 1, not timed), then times each rebuild
   * of it as a second run with its own id and store (version 2) until that run has caught up: lag
   * 0, committed offsets at the durable end. The first rebuild is a warm-up.
   */
  private List<Measurement> beside(String name, View<?, ?> view) throws InterruptedException {
    List<Sample> samples = new ArrayList<>();
    try (ViewEngine engine = ViewEngine.builder(log, dir.newRun("engine")).build()) {
      RunningView<?, ?> live = engine.start(view);
      CaughtUp.await(log, live, stream);
      for (int run = -WARMUP_RUNS; run < runs; run++) {
        Path state = dir.newRun("v2");
        String id = view.name() + "@2-run" + (run + WARMUP_RUNS);
        long start = System.nanoTime();
        RunningView<?, ?> rebuild =
            engine.start(view, RunOptions.DEFAULTS.withId(id).withDirectory(state));
        CaughtUp.await(log, rebuild, stream);
        long nanos = System.nanoTime() - start;
        requireCaughtUp(rebuild.status());
        if (run >= 0) {
          samples.add(new Sample(events, nanos));
        }
        engine.remove(id);
        BenchDirectory.delete(state);
      }
      requireCaughtUp(live.status());
    }
    Map<String, Object> context = context();
    context.put("runs", runs);
    context.put("warmupRuns", WARMUP_RUNS);
    context.put("seconds", Sample.totalSeconds(samples));
    context.put("beside", "version 1 of the view, live and caught up, in the same engine");
    return List.of(
        new Measurement(name, Sample.round(Sample.medianRate(samples), 0), "events/s", context));
  }

  /**
   * {@code replay.live.latency.*}: bids appended at {@code rate} events/s to a live view, from
   * before a q5 replay over the whole log starts in the same engine until it has caught up (at
   * least {@code minSeconds}); the time from each append's acknowledgement to its commit, in ms.
   * The p99 of {@code minSeconds} of the same appends before the replay goes in the context.
   */
  public List<Measurement> liveDuringReplay(int rate, int minSeconds) throws InterruptedException {
    LiveBids bids = LiveBids.create(log, registry, "nexmark-live");
    View<?, ?> replayed = NexmarkViews.bidsPerAuction(stream, decoder());
    long batchesPerSecond = rate / Math.max(1, rate / 1000);
    long minBatches = minSeconds * batchesPerSecond;
    long maxBatches = 600 * batchesPerSecond;
    long[] alone;
    long[] sorted;
    AtomicLong finished = new AtomicLong();
    long start;
    try (ViewEngine engine = ViewEngine.builder(log, dir.newRun("live")).build()) {
      RunningView<?, ?> live = engine.start(bids.view());
      // The same load without a replay first, to tell the replay's effect from the machine's.
      alone = bids.append(live, rate, b -> b < minBatches);
      start = System.nanoTime();
      // The live view is q5 too, so the replay runs under its own id, as a version 2 would.
      RunningView<?, ?> replay =
          engine.start(
              replayed,
              RunOptions.DEFAULTS.withId(replayed.name() + "@2").withDirectory(dir.newRun("v2")));
      CompletableFuture<Void> done = CaughtUp.future(log, replay, stream);
      done.thenRun(() -> finished.set(System.nanoTime()));
      sorted = bids.append(live, rate, b -> b < maxBatches && (b < minBatches || !done.isDone()));
      CaughtUp.await(log, replay, stream);
      requireCaughtUp(replay.status());
    }
    Map<String, Object> context = context();
    context.put("rate", rate);
    context.put("samples", sorted.length);
    context.put("appendSeconds", Sample.round((double) sorted.length / batchesPerSecond, 3));
    context.put("replaySeconds", Sample.round((finished.get() - start) / 1e9, 3));
    context.put("p99WithoutReplayMs", Sample.round(Latencies.percentile(alone, 99) / 1e6, 3));
    context.put("liveView", "bids per auction, 1 partition");
    context.put("replayedView", "bids per auction (q5), " + events + " events");
    return List.of(
        latency("replay.live.latency.p50", Latencies.percentile(sorted, 50), context),
        latency("replay.live.latency.p99", Latencies.percentile(sorted, 99), context),
        latency("replay.live.latency.max", sorted[sorted.length - 1], context));
  }

  private Map<String, Object> context() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("events", events);
    context.put("partitions", log.describeStream(stream).partitions().size());
    context.put("state", "RocksDB, exactly-once commits");
    context.put("processors", Runtime.getRuntime().availableProcessors());
    return context;
  }

  private static Measurement latency(String name, long nanos, Map<String, Object> context) {
    return new Measurement(name, Sample.round(nanos / 1e6, 3), "ms", context);
  }

  private static void requireCaughtUp(ViewStatus status) {
    if (status.state() != ViewStatus.State.RUNNING || status.lag() != 0) {
      throw new IllegalStateException("run " + status.id() + " has not caught up: " + status);
    }
  }
}
