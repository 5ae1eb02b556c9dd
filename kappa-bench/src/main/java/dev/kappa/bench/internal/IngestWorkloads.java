package dev.kappa.bench.internal;

import dev.kappa.bench.Measurement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The ingest measurements. Each run starts a fresh server over a fresh directory, creates an Avro
 * click stream of {@value #PARTITIONS} partitions, drives it over HTTP/1.1 from client threads on
 * this JVM, checks that the stream holds exactly the events acknowledged, and deletes everything.
 * Every acknowledged event was validated against the schema and is durable.
 *
 * <p>Not thread-safe.
 */
public final class IngestWorkloads {

  /** Events per NDJSON request. */
  public static final int BATCH_EVENTS = 5000;

  /** Client threads sending NDJSON batches, each with one request in flight. */
  public static final int BATCH_CLIENTS = 4;

  /** Concurrent clients posting one event per request. */
  public static final int SINGLE_CLIENTS = 32;

  public static final int PARTITIONS = 4;
  static final String STREAM = "clicks";

  /** Distinct NDJSON bodies cycled through, so the server does not see one body over and over. */
  private static final int BODIES = 8;

  /** Distinct single events cycled through. */
  private static final int SINGLE_EVENTS = 4096;

  private final BenchDirectory dir;
  private final RunPlan plan;
  private final long maxEvents;

  public IngestWorkloads(BenchDirectory dir, RunPlan plan, long maxEvents) {
    this.dir = dir;
    this.plan = plan;
    this.maxEvents = maxEvents;
  }

  /** {@code ingest.ndjson}: NDJSON batches from {@value #BATCH_CLIENTS} threads, in events/s. */
  public List<Measurement> ndjson() throws InterruptedException {
    List<byte[]> bodies = new ArrayList<>();
    for (int i = 0; i < BODIES; i++) {
      bodies.add(ClickEvents.ndjson(BATCH_EVENTS, i));
    }
    int eventBytes = ClickEvents.meanEventBytes(ClickEvents.events(BATCH_EVENTS, 0));
    long perClient = Math.max(BATCH_EVENTS, maxEvents / BATCH_CLIENTS);
    List<Sample> samples = new ArrayList<>();
    for (int run = 0; run < plan.runs(); run++) {
      try (BenchServer server = freshServer("ndjson");
          HttpClient client = client()) {
        URI events = server.uri("/streams/" + STREAM + "/events");
        Deadline deadline = Deadline.after(plan.perRun());
        Sample sample =
            Concurrently.run(
                BATCH_CLIENTS, i -> postBatches(client, events, bodies, i, perClient, deadline));
        server.checkRecordCount(STREAM, sample.records());
        samples.add(sample);
      }
    }
    Map<String, Object> context = context(samples, eventBytes);
    context.put("batchEvents", BATCH_EVENTS);
    context.put("clients", BATCH_CLIENTS);
    double rate = Sample.medianRate(samples);
    return List.of(
        new Measurement("ingest.ndjson", Sample.round(rate, 1), "events/s", context),
        new Measurement(
            "ingest.ndjson", Sample.round(rate * (eventBytes + 1) / 1e6, 2), "MB/s", context));
  }

  /**
   * {@code ingest.single}: {@value #SINGLE_CLIENTS} threads each posting one JSON event at a time,
   * in requests/s, and the 50th and 99th percentile request latency in ms.
   */
  public List<Measurement> single() throws InterruptedException {
    List<byte[]> events = ClickEvents.events(SINGLE_EVENTS, 100);
    long perClient = Math.max(1, maxEvents / SINGLE_CLIENTS);
    List<Sample> samples = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    for (int run = 0; run < plan.runs(); run++) {
      try (BenchServer server = freshServer("single");
          HttpClient client = client()) {
        URI uri = server.uri("/streams/" + STREAM + "/events");
        ConcurrentLinkedQueue<Latencies> latencies = new ConcurrentLinkedQueue<>();
        Deadline deadline = Deadline.after(plan.perRun());
        Sample sample =
            Concurrently.run(
                SINGLE_CLIENTS,
                i -> postSingles(client, uri, events, i, perClient, deadline, latencies));
        server.checkRecordCount(STREAM, sample.records());
        samples.add(sample);
        long[] sorted = Latencies.sorted(latencies);
        p50.add(Latencies.percentile(sorted, 50) / 1e6);
        p99.add(Latencies.percentile(sorted, 99) / 1e6);
      }
    }
    Map<String, Object> context = context(samples, ClickEvents.meanEventBytes(events));
    context.put("clients", SINGLE_CLIENTS);
    return List.of(
        new Measurement(
            "ingest.single", Sample.round(Sample.medianRate(samples), 1), "requests/s", context),
        new Measurement("ingest.single.p50", Sample.round(Sample.median(p50), 3), "ms", context),
        new Measurement("ingest.single.p99", Sample.round(Sample.median(p99), 3), "ms", context));
  }

  private BenchServer freshServer(String label) {
    BenchServer server = BenchServer.start(dir.newRun(label));
    try {
      server.createClickStream(STREAM, PARTITIONS);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * One client shared by every client thread. One client per thread was measured too, on a 2-core
   * machine with 5 runs of 3 s per measurement, twice each: shared gave 640k-690k NDJSON events/s
   * and 5,800-7,100 single requests/s, per-thread 530k-565k and 3,500-4,700, with worse latency.
   */
  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  private static long postBatches(
      HttpClient client,
      URI uri,
      List<byte[]> bodies,
      int thread,
      long maxEvents,
      Deadline deadline)
      throws IOException, InterruptedException {
    String acked = "\"appended\":" + BATCH_EVENTS + ",";
    long sent = 0;
    for (int i = thread; sent < maxEvents && !deadline.passed(); i++) {
      HttpResponse<String> reply =
          client.send(
              post(uri, "application/x-ndjson", bodies.get(i % bodies.size())),
              HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200 || !reply.body().contains(acked)) {
        throw new IllegalStateException(
            "batch not acknowledged: " + reply.statusCode() + " " + head(reply.body()));
      }
      sent += BATCH_EVENTS;
    }
    return sent;
  }

  private static long postSingles(
      HttpClient client,
      URI uri,
      List<byte[]> events,
      int thread,
      long maxEvents,
      Deadline deadline,
      ConcurrentLinkedQueue<Latencies> all)
      throws IOException, InterruptedException {
    Latencies latencies = new Latencies();
    long sent = 0;
    for (int i = thread; sent < maxEvents && !deadline.passed(); i += SINGLE_CLIENTS) {
      HttpRequest request = post(uri, "application/json", events.get(i % events.size()));
      long start = System.nanoTime();
      HttpResponse<String> reply = client.send(request, HttpResponse.BodyHandlers.ofString());
      latencies.add(System.nanoTime() - start);
      if (reply.statusCode() != 200) {
        throw new IllegalStateException(
            "event not acknowledged: " + reply.statusCode() + " " + head(reply.body()));
      }
      sent++;
    }
    all.add(latencies);
    return sent;
  }

  private static HttpRequest post(URI uri, String contentType, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static String head(String body) {
    return body.length() <= 300 ? body : body.substring(0, 300) + "…";
  }

  private static Map<String, Object> context(List<Sample> samples, int eventBytes) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("events", Sample.totalRecords(samples));
    context.put("eventBytes", eventBytes);
    context.put("partitions", PARTITIONS);
    context.put("runs", samples.size());
    context.put("seconds", Sample.totalSeconds(samples));
    return context;
  }
}
