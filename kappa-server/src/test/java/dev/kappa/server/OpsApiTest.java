package dev.kappa.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kappa.log.Log;
import dev.kappa.log.LogFailedException;
import dev.kappa.server.TestServer.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health} and {@code GET /metrics}. */
class OpsApiTest {

  @TempDir Path dir;

  @Test
  void health_isUpWithStreamCountAndTheInjectedClocksStartTime() {
    Instant now = Instant.parse("2030-01-02T03:04:05Z");
    try (TestServer server =
        TestServer.start(dir, b -> b.clock(Clock.fixed(now, ZoneOffset.UTC)))) {
      server.schemalessStream("a", 1);
      Reply reply = server.get("/health");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("status").asText()).isEqualTo("UP");
      // a, the registry's, and the deployment record of the class path's test views
      assertThat(reply.json().get("streams").asInt()).isEqualTo(3);
      assertThat(reply.json().get("startedAt").asText()).isEqualTo("2030-01-02T03:04:05Z");
      assertThat(reply.json().get("uptimeMs").asLong()).isZero();
    }
  }

  @Test
  void health_whenTheLogHasFailed_is503DownWithTheReason() {
    AtomicReference<LogFailedException> failure = new AtomicReference<>();
    try (KappaServer server =
        KappaServer.start(
            ServerConfig.builder().dataDir(dir.resolve("data")).port(0).build(),
            log -> failing(log, failure))) {
      HttpClient client = HttpClient.newHttpClient();
      assertThat(health(client, server).statusCode()).isEqualTo(200);

      failure.set(new LogFailedException("fsync of clicks-0/00000000.log failed: EIO", null));
      HttpResponse<String> down = health(client, server);

      assertThat(down.statusCode()).isEqualTo(503);
      JsonNode body = TestServer.JSON.readTree(down.body());
      assertThat(body.get("status").asText()).isEqualTo("DOWN");
      assertThat(body.get("reason").asText()).contains("fsync").contains("EIO");
      assertThat(body.at("/error/code").asText()).isEqualTo("log_failed");
      assertThat(body.get("streams").asInt()).as("reads still work").isEqualTo(2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> health(HttpClient client, KappaServer server)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(server.uri().resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code log}, except that {@link Log#failure()} reports what {@code failure} holds. */
  private static Log failing(Log log, AtomicReference<LogFailedException> failure) {
    return (Log)
        Proxy.newProxyInstance(
            Log.class.getClassLoader(),
            new Class<?>[] {Log.class},
            (proxy, method, args) -> {
              if (method.getName().equals("failure")) {
                return Optional.ofNullable(failure.get());
              }
              try {
                return method.invoke(log, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void metrics_countIngestOutcomesRequestsErrorsAndStreamSizes() {
    try (TestServer server = TestServer.start(dir)) {
      server.avroStream(
          "orders",
          2,
          "{\"type\":\"record\",\"name\":\"O\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");
      server.post(
          "/streams/orders/events",
          "application/x-ndjson",
          "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n");
      server.post("/streams/orders/events", "application/x-ndjson", "{\"id\":1}\n{\"id\":\"d\"}\n");
      server.post(
          "/streams/orders/events?onInvalid=deadletter", "application/x-ndjson", "{\"id\":2}\n");
      server.send(
          java.net.http.HttpRequest.newBuilder(server.uri("/streams/orders/events"))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", "k")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"e\"}")));
      server.send(
          java.net.http.HttpRequest.newBuilder(server.uri("/streams/orders/events"))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", "k")
              .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"e\"}")));
      server.get("/streams/nope");

      Reply reply = server.get("/metrics");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.contentType()).startsWith("text/plain");
      String text = reply.body();
      assertThat(value(text, "kappa_ingest_events_total{outcome=\"appended\",stream=\"orders\"}"))
          .isEqualTo(4);
      assertThat(value(text, "kappa_ingest_events_total{outcome=\"rejected\",stream=\"orders\"}"))
          .isEqualTo(2);
      assertThat(value(text, "kappa_ingest_events_total{outcome=\"deadletter\",stream=\"orders\"}"))
          .isEqualTo(1);
      assertThat(value(text, "kappa_ingest_events_total{outcome=\"duplicate\",stream=\"orders\"}"))
          .isEqualTo(1);
      assertThat(value(text, "kappa_ingest_requests_total{status=\"200\"}")).isEqualTo(4);
      assertThat(value(text, "kappa_ingest_requests_total{status=\"400\"}")).isEqualTo(1);
      assertThat(value(text, "kappa_http_errors_total{code=\"unknown_stream\"}")).isEqualTo(1);
      assertThat(value(text, "kappa_http_errors_total{code=\"invalid_events\"}")).isEqualTo(1);
      assertThat(value(text, "kappa_stream_records{stream=\"orders\"}")).isEqualTo(4);
      assertThat(value(text, "kappa_stream_records{stream=\"orders.deadletter\"}")).isEqualTo(1);
      assertThat(value(text, "kappa_stream_size_bytes{stream=\"orders\"}")).isPositive();
      assertThat(text)
          .contains(
              "jvm_memory_used_bytes",
              "jvm_gc_",
              "jvm_threads_live_threads",
              "jvm_classes_loaded_classes",
              "system_cpu_count");
    }
  }

  /** The value of one sample line, or -1 if absent. */
  private static double value(String exposition, String sample) {
    Matcher m =
        Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
            .matcher(exposition);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
