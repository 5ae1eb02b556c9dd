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
 * over by itself once caught up. A run's pause is the longest a query thread waited for an answer
 * across the cutover, which the answers place to within about one query: each names the build that
 * answered it ({@link QueryLoop#longestAtSwitch}). For comparison, the context gives per run the
 * longest query in flight within {@value #WINDOW_MS} ms either side of the cutover, as the
 * deployment history times it, which also counts stalls of the whole process that the cutover did
 * not cause (young collections while the new build replays, the kernel's own threads), and the
 * longest query in the quiet second before each replay, when nothing but the queries runs. One
 * warm-up replay and cutover come first, unmeasured, as in the other replay measurements: the first
 * replay of the JSON view in this JVM compiles its code while it runs. Then come the measured runs,
 * each replaying into a new build while the queries go on; the median pause is reported. Not
 * thread-safe.
 */
public final class CutoverWorkload {

  static final String VIEW = "page-views-per-minute";
  static final String STREAM = "clicks";
  static final int PARTITIONS = 2;
  static final long WINDOW_MS = 500;

  private static final int BATCH = 5000;
  private static final int BODIES = 8;

  /**
   * Between runs: the window after one cutover, then a quiet second, as long as the window around a
   * cutover, to compare the two.
   */
  private static final Duration QUIET = Duration.ofMillis(WINDOW_MS + 2 * WINDOW_MS);

  /**
   * How often the bench asks which build serves, to start the next run: rarely enough that the
   * polling (a status document of every build, through the JDK's HTTP client) does not compete with
   * the queries it measures; the cutover's time comes from the deployment history, not from the
   * poll.
   */
  private static final long POLL_MS = 100;

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final BenchDirectory dir;
  private final long clicks;
  private final int queryThreads;
  private final int runs;

  public CutoverWorkload(BenchDirectory dir, long clicks, int queryThreads, int runs) {
    this.dir = dir;
    this.clicks = clicks;
    this.queryThreads = queryThreads;
    this.runs = runs;
  }

  public List<Measurement> measure() throws InterruptedException {
    try (BenchServer server = BenchServer.withExampleViews(dir.newRun("server"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      server.createSchemalessStream(STREAM, PARTITIONS);
      long ingested = ingest(client, server);
      long serving = server.awaitServingCaughtUp(VIEW, TIMEOUT);
      QueryLoop queries = new QueryLoop(server.uri(""), queryPaths());
      long wallBase = System.currentTimeMillis();
      long nanoBase = System.nanoTime();
      List<Cutover> cutovers = new ArrayList<>();
      queries.start(queryThreads);
      try {
        Thread.sleep(QUIET);
        for (int run = 0; run <= runs; run++) {
          long requested = System.nanoTime();
          server.postJson("/views/" + VIEW + "/versions/1/replay", "{}", "bench", 202);
          long after = awaitServingChange(server, serving);
          long promotedAt = promotedAt(server, after);
          cutovers.add(
              new Cutover(
                  serving,
                  after,
                  requested,
                  nanoBase + (promotedAt - wallBase) * 1_000_000,
                  Instant.ofEpochMilli(promotedAt)));
          serving = after;
          Thread.sleep(QUIET);
        }
      } finally {
        queries.stop();
      }
      return measurements(queries, ingested, nanoBase, cutovers);
    }
  }

  /**
   * One replay: the builds before and after, when it was requested and when it cut over ({@link
   * System#nanoTime}), and the cutover's wall-clock time, to find it in a GC log.
   */
  private record Cutover(long from, long to, long requested, long promoted, Instant at) {

    long replayNanos() {
      return promoted - requested;
    }
  }

  private List<Measurement> measurements(
      QueryLoop queries, long ingested, long nanoBase, List<Cutover> cutovers) {
    List<Cutover> measured = cutovers.subList(1, cutovers.size());
    List<Double> pauses = new ArrayList<>();
    List<Double> aroundPauses = new ArrayList<>();
    List<Double> quietPauses = new ArrayList<>();
    List<Double> replaySeconds = new ArrayList<>();
    for (Cutover c : measured) {
      pauses.add(pauseOf(queries, c));
      aroundPauses.add(longestAround(queries, c));
      quietPauses.add(longestQuiet(queries, c));
      replaySeconds.add(c.replayNanos() / 1e9);
    }
    long[] all = queries.latencies();
    Map<String, Object> context = context(queries, ingested, nanoBase, cutovers, all.length);
    context.put("pausesMs", round(pauses));
    context.put("longestWithinWindowMs", round(aroundPauses));
    context.put("longestWithinWindowMedianMs", Sample.round(Sample.median(aroundPauses), 3));
    context.put("longestInQuietSecondMs", round(quietPauses));
    context.put("replaySeconds", round(replaySeconds));
    List<Measurement> results = new ArrayList<>();
    results.add(
        new Measurement(
            "replay.cutover.pause", Sample.round(Sample.median(pauses), 3), "ms", context));
    results.add(
        new Measurement(
            "replay.cutover.query.p99",
            Sample.round(Latencies.percentile(all, 99) / 1e6, 3),
            "ms",
            context));
    results.add(
        new Measurement("replay.cutover.failedQueries", queries.failed(), "queries", context));
    results.add(
        new Measurement(
            "replay.cutover.replaySeconds",
            Sample.round(Sample.median(replaySeconds), 3),
            "s",
            context));
    return results;
  }

  /** What every cutover measurement carries: the set-up, the warm-up, and where pauses fell. */
  private Map<String, Object> context(
      QueryLoop queries, long ingested, long nanoBase, List<Cutover> cutovers, int queryCount) {
    List<Cutover> measured = cutovers.subList(1, cutovers.size());
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("clicks", ingested);
    context.put("partitions", PARTITIONS);
    context.put("queryThreads", queryThreads);
    context.put("runs", measured.size());
    context.put("queries", queryCount);
    context.put("windowMs", 2 * WINDOW_MS);
    context.put("warmUpPauseMs", Sample.round(pauseOf(queries, cutovers.get(0)), 3));
    context.put(
        "pauseMeasuredAs",
        "the longest wait for an answer across the switch, as the answers' builds place it");
    long[] quiet = queries.latenciesBetween(nanoBase, cutovers.get(0).requested());
    context.put(
        "p99BeforeReplayMs",
        quiet.length == 0 ? 0 : Sample.round(Latencies.percentile(quiet, 99) / 1e6, 3));
    long window = WINDOW_MS * 1_000_000;
    List<String> slowest = new ArrayList<>();
    List<String> builds = new ArrayList<>();
    for (Cutover c : measured) {
      slowest.add(
          String.join(
              " ",
              queries.slowestBetween(
                  c.promoted() - window, c.promoted() + window, c.promoted(), 3)));
      builds.add(c.from() + " -> " + c.to() + " at " + c.at());
    }
    context.put("slowestAroundCutoverMsAtMs", String.join(" | ", slowest));
    context.put("builds", String.join(", ", builds));
    if (!queries.failures().isEmpty()) {
      context.put("failures", String.join(" | ", queries.failures()));
    }
    return context;
  }

  /** The longest wait for an answer across the cutover, in ms, as the answers' builds place it. */
  private static double pauseOf(QueryLoop queries, Cutover c) {
    long longest = queries.longestAtSwitch(c.from(), c.to());
    if (longest < 0) {
      throw new IllegalStateException(
          "no queries were answered by both build " + c.from() + " and build " + c.to());
    }
    return longest / 1e6;
  }

  /** The longest query in the quiet second before the replay was requested, in ms. */
  private static double longestQuiet(QueryLoop queries, Cutover c) {
    return longestBetween(queries, c.requested() - 2 * WINDOW_MS * 1_000_000, c.requested());
  }

  /** The longest query in flight within {@link #WINDOW_MS} either side of the cutover, in ms. */
  private static double longestAround(QueryLoop queries, Cutover c) {
    long window = WINDOW_MS * 1_000_000;
    return longestBetween(queries, c.promoted() - window, c.promoted() + window);
  }

  /** The longest query in flight at some moment in [from, to], in ms; 0 if none was. */
  private static double longestBetween(QueryLoop queries, long from, long to) {
    long[] sorted = queries.latenciesBetween(from, to);
    return sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6;
  }

  private static String round(List<Double> values) {
    return String.join(" ", values.stream().map(v -> String.valueOf(Sample.round(v, 3))).toList());
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
      Thread.sleep(POLL_MS);
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
}
