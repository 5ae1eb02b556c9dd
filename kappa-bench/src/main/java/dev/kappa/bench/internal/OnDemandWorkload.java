package dev.kappa.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kappa.bench.Measurement;
import dev.kappa.log.EmbeddedLog;
import dev.kappa.log.Log;
import dev.kappa.log.NewRecord;
import dev.kappa.log.StreamConfig;
import dev.kappa.server.KappaServer;
import dev.kappa.server.QuerySettings;
import dev.kappa.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code serve.onDemand.eventsPerSecond}: an on-demand query ({@code POST /queries}) over every
 * event of a stream, through a server in this JVM, over HTTP. The events (JSON clicks of about 110
 * bytes, {@code page} one of 100 categories, event times one a millisecond apart spread over the
 * partitions) are written straight to the log before the server opens it, so generating them is not
 * measured. The query counts events by page in one-hour tumbling windows. The rate is records
 * scanned per second of the client's wall time for the whole request (HTTP included); the median of
 * {@code runs} runs after one warm-up.
 *
 * <p>Not thread-safe; one run at a time.
 */
public final class OnDemandWorkload {

  /** The measurement's name. */
  public static final String NAME = "serve.onDemand.eventsPerSecond";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAM = "clicks";
  private static final long T0 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  private static final int BATCH = 4096;

  private OnDemandWorkload() {}

  /**
   * Generates {@code events} events on {@code partitions} partitions in a fresh directory under
   * {@code parent} (null: the system temporary directory), then measures; deletes the directory.
   *
   * @throws IllegalStateException if a query does not answer 200 or scans fewer events than written
   */
  public static Measurement measure(Path parent, long events, int partitions, int runs) {
    try (BenchDirectory dir = BenchDirectory.create(parent)) {
      Path data = dir.root().resolve("data");
      try (Log log = EmbeddedLog.open(data)) {
        write(log, events, partitions);
      }
      ServerConfig config =
          ServerConfig.builder()
              .dataDir(data)
              .port(0)
              .queries(new QuerySettings(Long.MAX_VALUE, 1_000_000, Duration.ofMinutes(30), 4))
              .build();
      try (KappaServer server = KappaServer.start(config)) {
        return run(server, events, partitions, runs);
      }
    }
  }

  private static void write(Log log, long events, int partitions) {
    log.createStream(StreamConfig.of(STREAM, partitions));
    Random random = new Random(7);
    RoundRobinWriter writer = new RoundRobinWriter(log, STREAM, partitions, BATCH);
    for (long i = 0; i < events; i++) {
      String json =
          "{\"user\":\"user-"
              + random.nextInt(1_000_000)
              + "\",\"page\":\"/catalog/category-"
              + random.nextInt(100)
              + "\",\"country\":\"NL\",\"amount\":"
              + random.nextInt(10_000)
              + ",\"n\":"
              + i
              + "}";
      writer.add(i, new NewRecord(null, json.getBytes(StandardCharsets.UTF_8), List.of(), T0 + i));
    }
    writer.finish();
  }

  private static Measurement run(KappaServer server, long events, int partitions, int runs) {
    String body =
        "{\"stream\":\""
            + STREAM
            + "\",\"from\":"
            + T0
            + ",\"to\":"
            + (T0 + events)
            + ",\"groupBy\":\"page\",\"window\":{\"tumbling\":\"PT1H\"},"
            + "\"aggregate\":{\"count\":{}}}";
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Double> rates = new ArrayList<>();
    List<Double> serverMs = new ArrayList<>();
    long results = 0;
    for (int r = 0; r < runs + 1; r++) {
      long start = System.nanoTime();
      JsonNode answer = post(client, server, body);
      double seconds = (System.nanoTime() - start) / 1e9;
      long scanned = answer.get("scanned").asLong();
      if (scanned != events || answer.get("matched").asLong() != events) {
        throw new IllegalStateException("the query scanned " + scanned + " of " + events);
      }
      results = answer.get("resultCount").asLong();
      if (r > 0) {
        rates.add(scanned / seconds);
        serverMs.add(answer.get("elapsedMs").asDouble());
      }
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("events", events);
    context.put("partitions", partitions);
    context.put("runs", runs);
    context.put("query", "count by page, tumbling PT1H, over every event");
    context.put("results", results);
    context.put("serverElapsedMs", Sample.median(serverMs));
    context.put("cores", Runtime.getRuntime().availableProcessors());
    return new Measurement(NAME, Sample.round(Sample.median(rates), 0), "events/s", context);
  }

  private static JsonNode post(HttpClient client, KappaServer server, String body) {
    try {
      HttpResponse<String> reply =
          client.send(
              HttpRequest.newBuilder(server.uri().resolve("/queries"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200) {
        throw new IllegalStateException(
            "POST /queries answered " + reply.statusCode() + ": " + reply.body());
      }
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while querying", e);
    }
  }
}
