package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import dev.kappa.engine.RunningView;
import dev.kappa.engine.View;
import dev.kappa.engine.ViewEngine;
import dev.kappa.engine.examples.NexmarkDecoder;
import dev.kappa.engine.examples.NexmarkViews;
import dev.kappa.log.Log;
import dev.kappa.schema.SchemaRegistry;
import dev.kappa.schema.SchemaVersion;
import dev.kappa.schema.ValueCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The measurements of {@code kappa bench views}. Not thread-safe. */
public final class ViewWorkloads {

  /** One measurement group. */
  @FunctionalInterface
  public interface Group {
    List<Measurement> measure() throws InterruptedException;
  }

  private static final int WARMUP_RUNS = 1;

  private final Log log;
  private final ValueCodec codec;
  private final SchemaVersion version;
  private final BenchDirectory dir;
  private final int runs;
  private final long events;

  public ViewWorkloads(
      Log log, ValueCodec codec, SchemaVersion version, BenchDirectory dir, int runs, long events) {
    this.log = log;
    this.codec = codec;
    this.version = version;
    this.dir = dir;
    this.runs = runs;
    this.events = events;
  }

  public List<Measurement> replayQ7(String stream) throws InterruptedException {
    return replay("views.replay.q7", NexmarkViews.highestBid(stream, decoder()), Map.of());
  }

  public List<Measurement> replayQ5(String stream) throws InterruptedException {
    return replay("views.replay.q5", NexmarkViews.bidsPerAuction(stream, decoder()), Map.of());
  }

  public List<Measurement> replayDistinctKeys(String stream, long keys)
      throws InterruptedException {
    List<MemoryPoolMXBean> heap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    List<Measurement> results =
        new ArrayList<>(
            replay(
                "views.replay.distinct-keys",
                NexmarkViews.bidsPerBidder(stream, decoder()),
                Map.of("distinctKeys", keys)));
    long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    results.add(
        new Measurement(
            "views.replay.distinct-keys.heap",
            Sample.round(peak / (1024.0 * 1024 * 1024), 3),
            "GiB",
            Map.of(
                "distinctKeys",
                keys,
                "maxHeapGiB",
                Sample.round(Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024), 3),
                "note",
                "sum of the heap pools' peak usage during the runs")));
    return results;
  }

  private NexmarkDecoder decoder() {
    return new NexmarkDecoder(codec, version);
  }

  private List<Measurement> replay(String name, View<?, ?> view, Map<String, Object> extra)
      throws InterruptedException {
    List<Sample> samples = new ArrayList<>();
    // One warm-up run first, not counted: the JIT compiles the hot path during it, as it has in a
    // server that has been up for a while.
    for (int run = -WARMUP_RUNS; run < runs; run++) {
      java.nio.file.Path state = dir.newRun("state");
      try (ViewEngine engine = ViewEngine.builder(log, state).build()) {
        long start = System.nanoTime();
        RunningView<?, ?> running = engine.start(view);
        CaughtUp.await(log, running, view.sources().getFirst().stream());
        long nanos = System.nanoTime() - start;
        if (run >= 0) {
          samples.add(new Sample(events, nanos));
        }
      }
      BenchDirectory.delete(state); // each run starts from empty state; keeps disk use down
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("events", events);
    context.put(
        "partitions", log.describeStream(view.sources().getFirst().stream()).partitions().size());
    context.putAll(extra);
    context.put("state", "RocksDB, exactly-once commits");
    context.put("runs", runs);
    context.put("warmupRuns", WARMUP_RUNS);
    context.put("seconds", Sample.totalSeconds(samples));
    return List.of(
        new Measurement(name, Sample.round(Sample.medianRate(samples), 0), "events/s", context));
  }

  /**
   * Appends bids at {@code rate} events/s in 1 ms batches to a fresh stream with a running view,
   * and measures, per batch, the time from the append's acknowledgement to the view's commit.
   */
  public List<Measurement> liveLatency(SchemaRegistry registry, int rate, int seconds)
      throws InterruptedException {
    LiveBids live = LiveBids.create(log, registry, "nexmark-live");
    long batches = (long) seconds * rate / Math.max(1, rate / 1000);
    long[] sorted;
    try (ViewEngine engine = ViewEngine.builder(log, dir.newRun("live")).build()) {
      RunningView<?, ?> running = engine.start(live.view());
      sorted = live.append(running, rate, b -> b < batches);
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("rate", rate);
    context.put("seconds", seconds);
    context.put("samples", sorted.length);
    context.put("view", "bids per auction, 10 s windows sliding every 2 s");
    return List.of(
        new Measurement(
            "views.live.latency.p50", ms(Latencies.percentile(sorted, 50)), "ms", context),
        new Measurement(
            "views.live.latency.p99", ms(Latencies.percentile(sorted, 99)), "ms", context));
  }

  private static double ms(long nanos) {
    return Sample.round(nanos / 1e6, 3);
  }
}
