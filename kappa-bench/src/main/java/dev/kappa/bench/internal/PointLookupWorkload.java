package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Point lookups {@code GET /views/page-views-per-minute/state?key=<page>} from {@link
 * ServePlan#clients} connections, over pages known to have counts, while clicks are ingested at
 * {@link ServePlan#rate} events/s ({@link PacedIngest}); after a warm-up, the queries answered per
 * second, their p50, p99 and max latency, the failed queries, and the ingest rate achieved. Two
 * kinds ({@link PointLookups} explains both):
 *
 * <ul>
 *   <li>{@code serve.lookup.*}, a closed loop: each connection sends its next query when its answer
 *       arrives. The queries per second are the server's capacity; the latency is that of a
 *       saturated server, and grows with the number of connections.
 *   <li>{@code serve.lookup.paced.*}, an open loop: {@link ServePlan#lookupRate} queries are due
 *       each second, and a query's latency runs from when it was due, so stalls are charged to
 *       every query they delay. This is the latency clients see at that load.
 * </ul>
 *
 * <p>Everything runs in this JVM: the context says how many cores the whole process, the lookup
 * clients and the ingest client used, and the machine's load average. Not thread-safe.
 */
public final class PointLookupWorkload implements ServeWorkload {

  private final ClickServer server;
  private final ServePlan plan;
  private final boolean paced;
  private final String prefix;

  private PointLookupWorkload(ClickServer server, ServePlan plan, boolean paced) {
    this.server = server;
    this.plan = plan;
    this.paced = paced;
    this.prefix = paced ? "serve.lookup.paced." : "serve.lookup.";
  }

  /** {@code serve.lookup.*}: a closed loop, as fast as the server answers. */
  public static PointLookupWorkload closedLoop(ClickServer server, ServePlan plan) {
    return new PointLookupWorkload(server, plan, false);
  }

  /** {@code serve.lookup.paced.*}: {@link ServePlan#lookupRate} queries a second. */
  public static PointLookupWorkload paced(ClickServer server, ServePlan plan) {
    if (plan.lookupRate() < 1) {
      throw new IllegalArgumentException("a paced workload needs a lookup rate");
    }
    return new PointLookupWorkload(server, plan, true);
  }

  @Override
  public List<Measurement> measure() throws InterruptedException {
    Map<String, Object> context = new LinkedHashMap<>();
    long wall;
    long queriesFailed;
    long[] sorted;
    long ingested;
    try (PacedIngest ingest = PacedIngest.start(server, plan.rate());
        PointLookups lookups =
            paced
                ? PointLookups.paced(server, plan.clients(), plan.lookupRate())
                : PointLookups.start(server, plan.clients())) {
      Thread.sleep(plan.warmup());
      double loadBefore = CpuTime.loadAverage();
      long process = CpuTime.process();
      long clients = CpuTime.of(lookups.threads());
      long ingestCpu = CpuTime.of(ingest.threads());
      long acked = ingest.acked();
      long requests = ingest.requests();
      long ingestFailed = ingest.failed();
      long start = System.nanoTime();
      lookups.recording(true);
      Thread.sleep(plan.measured());
      lookups.recording(false);
      wall = System.nanoTime() - start;
      ingested = ingest.acked() - acked;
      requests = ingest.requests() - requests;
      process = CpuTime.process() - process;
      clients = CpuTime.of(lookups.threads()) - clients;
      ingestCpu = CpuTime.of(ingest.threads()) - ingestCpu;
      ingestFailed = ingest.failed() - ingestFailed;
      describe(context, wall);
      context.put("cores", Runtime.getRuntime().availableProcessors());
      context.put("loadAverageBefore", Sample.round(loadBefore, 2));
      context.put("loadAverageAfter", Sample.round(CpuTime.loadAverage(), 2));
      context.put("processCpuCores", CpuTime.cores(process, wall));
      context.put("lookupClientCpuCores", CpuTime.cores(clients, wall));
      context.put("ingestClientCpuCores", CpuTime.cores(ingestCpu, wall));
      context.put("serverCpuCores", CpuTime.cores(process - clients - ingestCpu, wall));
      lookups.stop();
      sorted = lookups.latencies();
      queriesFailed = lookups.failed();
      context.put("queries", sorted.length);
      context.put("ingestRequestsPerSecond", Sample.round(requests / (wall / 1e9), 1));
      context.put("ingestFailedEvents", ingestFailed);
      if (!lookups.failures().isEmpty()) {
        context.put("failures", String.join(" | ", lookups.failures()));
      }
      if (ingest.lastFailure() != null) {
        context.put("lastIngestFailure", ingest.lastFailure());
      }
    }
    return results(context, wall, sorted, queriesFailed, ingested);
  }

  private void describe(Map<String, Object> context, long wall) {
    context.put("view", ClickServer.VIEW);
    context.put("keys", server.lookupPaths().size());
    context.put("preloadedClicks", server.clicks().size());
    context.put("partitions", ClickServer.PARTITIONS);
    context.put("clients", plan.clients());
    context.put(
        "client",
        "raw HTTP/1.1 keep-alive connections, non-blocking, one event-loop thread for all");
    if (paced) {
      context.put("offeredQueriesPerSecond", plan.lookupRate());
      context.put("latencyFrom", "each query's due time (open loop: no coordinated omission)");
    } else {
      context.put("latencyFrom", "each query's send, the next sent on its answer (closed loop)");
    }
    context.put("targetIngestRate", plan.rate());
    context.put("ingestBatchMs", PacedIngest.TICK_MS);
    context.put("warmupSeconds", plan.warmup().toMillis() / 1000.0);
    context.put("seconds", Sample.round(wall / 1e9, 3));
  }

  private List<Measurement> results(
      Map<String, Object> context, long wall, long[] sorted, long failed, long ingested) {
    List<Measurement> results = new ArrayList<>();
    double seconds = wall / 1e9;
    results.add(
        new Measurement(
            prefix + "queriesPerSecond",
            Sample.round(sorted.length / seconds, 1),
            "queries/s",
            context));
    results.add(ms(prefix + "latency.p50", percentile(sorted, 50), context));
    // The shape of the tail, to tell a few long stalls from a slow common case.
    Map<String, Object> tail = new LinkedHashMap<>(context);
    tail.put("p90Ms", Sample.round(percentile(sorted, 90) / 1e6, 3));
    tail.put("p999Ms", Sample.round(percentile(sorted, 99.9) / 1e6, 3));
    results.add(ms(prefix + "latency.p99", percentile(sorted, 99), tail));
    results.add(ms(prefix + "latency.max", percentile(sorted, 100), context));
    results.add(new Measurement(prefix + "failedQueries", failed, "queries", context));
    results.add(
        new Measurement(
            prefix + "ingest.eventsPerSecond",
            Sample.round(ingested / seconds, 1),
            "events/s",
            context));
    return results;
  }

  private static long percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : Latencies.percentile(sorted, p);
  }

  private static Measurement ms(String name, long nanos, Map<String, Object> context) {
    return new Measurement(name, Sample.round(nanos / 1e6, 3), "ms", context);
  }
}
