package dev.kappa.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import dev.kappa.server.ViewSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@link KappaServer} on a free loopback port over a fresh directory, for one benchmark run;
 * closing it stops the server and deletes the directory. Not thread-safe; the server itself is.
 */
final class BenchServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final KappaServer server;
  private final HttpClient admin =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private BenchServer(Path dir, KappaServer server) {
    this.dir = dir;
    this.server = server;
  }

  static BenchServer start(Path dir) {
    return start(dir, ViewSettings.DEFAULTS);
  }

  /** A server that runs the built-in example views, such as {@code page-views-per-minute}. */
  static BenchServer withExampleViews(Path dir) {
    return start(dir, new ViewSettings(null, List.of(), true, ViewSettings.DEFAULT_THREADS));
  }

  private static BenchServer start(Path dir, ViewSettings views) {
    KappaServer server =
        KappaServer.start(
            ServerConfig.builder()
                .dataDir(dir)
                .host(ServerConfig.DEFAULT_HOST)
                .port(0)
                .views(views)
                .build());
    return new BenchServer(dir, server);
  }

  /** The address of {@code path} on this server. */
  URI uri(String path) {
    return URI.create(server.uri() + path);
  }

  /** Creates an Avro stream with {@link ClickEvents#SCHEMA} as its first version. */
  void createClickStream(String stream, int partitions) {
    createStream(
        stream,
        JSON.createObjectNode().put("partitions", partitions).put("schema", ClickEvents.SCHEMA));
  }

  /** Creates a stream without a schema: its records are the events' JSON as sent. */
  void createSchemalessStream(String stream, int partitions) {
    createStream(
        stream, JSON.createObjectNode().put("partitions", partitions).put("schemaless", true));
  }

  private void createStream(String stream, ObjectNode body) {
    HttpResponse<String> reply =
        send(
            HttpRequest.newBuilder(uri("/streams/" + stream))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    if (reply.statusCode() != 201) {
      throw new IllegalStateException("cannot create stream " + stream + ": " + reply.body());
    }
  }

  /**
   * {@code GET path}, as JSON.
   *
   * @throws IllegalStateException if the reply's status is not 200
   */
  JsonNode getJson(String path) {
    return json(send(HttpRequest.newBuilder(uri(path)).build()), 200, "GET " + path);
  }

  /**
   * {@code POST path} with a JSON body, as {@code actor}; the reply as JSON.
   *
   * @throws IllegalStateException if the reply's status is not {@code status}
   */
  JsonNode postJson(String path, String body, String actor, int status) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .header("Kappa-Actor", actor)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return json(send(request), status, "POST " + path);
  }

  private static JsonNode json(HttpResponse<String> reply, int status, String what) {
    if (reply.statusCode() != status) {
      throw new IllegalStateException(
          what + " answered " + reply.statusCode() + ": " + reply.body());
    }
    try {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stream's durable record count, as the server reports it. */
  long recordCount(String stream) {
    return getJson("/streams/" + stream).path("recordCount").asLong(-1);
  }

  /** Checks that the stream holds exactly {@code expected} records. */
  void checkRecordCount(String stream, long expected) {
    long stored = recordCount(stream);
    if (stored != expected) {
      throw new IllegalStateException(
          "stream " + stream + " holds " + stored + " records, but " + expected + " were acked");
    }
  }

  /**
   * Waits until the serving build of {@code view} runs with lag 0; returns its id.
   *
   * @throws IllegalStateException if it has not within {@code timeout}
   */
  long awaitServingCaughtUp(String view, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = getJson("/views/" + view);
      long serving = status.path("servingBuild").asLong();
      for (JsonNode build : status.path("builds")) {
        if (serving != 0
            && build.path("build").asLong() == serving
            && "RUNNING".equals(build.path("state").asText())
            && build.path("lag").asLong(-1) == 0) {
          return serving;
        }
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "view " + view + " did not catch up: " + getJson("/views/" + view));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return admin.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      admin.close();
      server.close();
    } finally {
      BenchDirectory.delete(dir);
    }
  }
}
