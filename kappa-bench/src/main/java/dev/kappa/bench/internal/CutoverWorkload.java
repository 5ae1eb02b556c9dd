package dev.kappa.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.bench.Measurement;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code replay.cutover.*}: a server in this JVM runs the example view {@code
 * page-views-per-minute} over a schemaless click stream; while query threads loop {@code GET
 * /views/page-views-per-minute/state?key=<page>}, version 1 is replayed as a new build, which cuts
 * over by itself once caught up. The pause is the longest query in flight within {@value
 * #WINDOW_MS} ms either side of the cutover, as the deployment history times it. Not thread-safe.
 */
public final class CutoverWorkload {

  static final String VIEW = "page-views-per-minute";
  static final String STREAM = "clicks";
  static final int PARTITIONS = 2;
  static final long WINDOW_MS = 500;

  private static final int BATCH = 5000;
  private static final int BODIES = 8;
  private static final Duration QUIET = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final BenchDirectory dir;
  private final long clicks;
  private final int queryThreads;

  public CutoverWorkload(BenchDirectory dir, long clicks, int queryThreads) {
    this.dir = dir;
    this.clicks = clicks;
    this.queryThreads = queryThreads;
  }

  public List<Measurement> measure() throws InterruptedException {
    try (BenchServer server = BenchServer.withExampleViews(dir.newRun("server"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      server.createSchemalessStream(STREAM, PARTITIONS);
      long ingested = ingest(client, server);
      long before = server.awaitServingCaughtUp(VIEW, TIMEOUT);
      QueryLoop queries = new QueryLoop(server.uri(""), queryPaths());
      long wallBase = System.currentTimeMillis();
      long nanoBase = System.nanoTime();
      queries.start(queryThreads);
      long after;
      long requested;
      try {
        Thread.sleep(QUIET);
        requested = System.nanoTime();
        server.postJson("/views/" + VIEW + "/versions/1/replay", "{}", "bench", 202);
        after = awaitServingChange(server, before);
        Thread.sleep(QUIET);
      } finally {
        queries.stop();
      }
      long cutover = nanoBase + (promotedAt(server, after) - wallBase) * 1_000_000;
      long window = WINDOW_MS * 1_000_000;
      long[] around = queries.latenciesBetween(cutover - window, cutover + window);
      long[] all = queries.latencies();
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("clicks", ingested);
      context.put("partitions", PARTITIONS);
      context.put("queryThreads", queryThreads);
      context.put("queries", all.length);
      context.put("queriesAroundCutover", around.length);
      context.put("windowMs", 2 * WINDOW_MS);
      long[] atRequest = queries.latenciesBetween(requested - window, requested + window);
      context.put(
          "maxAroundReplayRequestMs",
          atRequest.length == 0 ? 0 : Sample.round(atRequest[atRequest.length - 1] / 1e6, 3));
      long[] quiet = queries.latenciesBetween(nanoBase, requested);
      context.put(
          "p99BeforeReplayMs",
          quiet.length == 0 ? 0 : Sample.round(Latencies.percentile(quiet, 99) / 1e6, 3));
      context.put(
          "p50AroundCutoverMs",
          around.length == 0 ? 0 : Sample.round(Latencies.percentile(around, 50) / 1e6, 3));
      context.put(
          "slowestAroundCutoverMsAtMs",
          String.join(" ", queries.slowestBetween(cutover - window, cutover + window, cutover, 5)));
      context.put(
          "slowestAroundReplayRequestMsAtMs",
          String.join(
              " ", queries.slowestBetween(requested - window, requested + window, requested, 5)));
      context.put("builds", before + " -> " + after);
      context.put("replaySeconds", Sample.round((cutover - requested) / 1e9, 3));
      if (!queries.failures().isEmpty()) {
        context.put("failures", String.join(" | ", queries.failures()));
      }
      List<Measurement> results = new ArrayList<>();
      results.add(
          ms("replay.cutover.pause", around.length == 0 ? 0 : around[around.length - 1], context));
      results.add(ms("replay.cutover.query.p99", Latencies.percentile(all, 99), context));
      results.add(
          new Measurement("replay.cutover.failedQueries", queries.failed(), "queries", context));
      results.add(
          new Measurement(
              "replay.cutover.replaySeconds",
              Sample.round((cutover - requested) / 1e9, 3),
              "s",
              context));
      return results;
    }
  }

  /** Posts about {@link #clicks} clicks as NDJSON batches from two threads. */
  private long ingest(HttpClient client, BenchServer server) throws InterruptedException {
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < BODIES; i++) {
      bodies.add(ClickEvents.ndjson(BATCH, i));
    }
    URI uri = server.uri("/streams/" + STREAM + "/events");
    long perThread = Math.max(BATCH, clicks / 2);
    Sample sample =
        Concurrently.run(
            2,
            t -> {
              long sent = 0;
              for (int i = t; sent < perThread; i += 2, sent += BATCH) {
                HttpResponse<String> reply =
                    client.send(
                        HttpRequest.newBuilder(uri)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i % BODIES)))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (reply.statusCode() != 200) {
                  throw new IllegalStateException("clicks not acknowledged: " + reply.body());
                }
              }
              return sent;
            });
    server.checkRecordCount(STREAM, sample.records());
    return sample.records();
  }

  /** Queries of the first batch's pages, each of which has counts. */
  private static List<String> queryPaths() {
    return ClickEvents.lookupPaths(VIEW, ClickEvents.events(BATCH, 0));
  }

  /** Polls until another build than {@code before} serves; returns its id. */
  private static long awaitServingChange(BenchServer server, long before)
      throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      long serving = server.getJson("/views/" + VIEW).path("servingBuild").asLong();
      if (serving != before) {
        return serving;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(
        "the replayed build never served: " + server.getJson("/views/" + VIEW));
  }

  /** When the deployment history says {@code build} was promoted, in epoch ms. */
  private static long promotedAt(BenchServer server, long build) {
    JsonNode promoted = null;
    for (JsonNode event : server.getJson("/views/" + VIEW + "/history").path("events")) {
      if ("PROMOTE".equals(event.path("action").asText())
          && event.path("build").asLong() == build) {
        promoted = event;
      }
    }
    if (promoted == null) {
      throw new IllegalStateException("the history of " + VIEW + " has no promotion of " + build);
    }
    return Instant.parse(promoted.path("at").asText()).toEpochMilli();
  }

  private static Measurement ms(String name, long nanos, Map<String, Object> context) {
    return new Measurement(name, Sample.round(nanos / 1e6, 3), "ms", context);
  }
}
