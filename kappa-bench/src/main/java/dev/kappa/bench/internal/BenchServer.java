package dev.kappa.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kappa.server.KappaServer;
import dev.kappa.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

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
    KappaServer server =
        KappaServer.start(
            ServerConfig.builder().dataDir(dir).host(ServerConfig.DEFAULT_HOST).port(0).build());
    return new BenchServer(dir, server);
  }

  /** The address of {@code path} on this server. */
  URI uri(String path) {
    return URI.create(server.uri() + path);
  }

  /** Creates an Avro stream with {@link ClickEvents#SCHEMA} as its first version. */
  void createClickStream(String stream, int partitions) {
    ObjectNode body = JSON.createObjectNode().put("partitions", partitions);
    body.put("schema", ClickEvents.SCHEMA);
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

  /** The stream's durable record count, as the server reports it. */
  long recordCount(String stream) {
    HttpResponse<String> reply = send(HttpRequest.newBuilder(uri("/streams/" + stream)).build());
    try {
      JsonNode node = JSON.readTree(reply.body());
      return node.path("recordCount").asLong(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks that the stream holds exactly {@code expected} records. */
  void checkRecordCount(String stream, long expected) {
    long stored = recordCount(stream);
    if (stored != expected) {
      throw new IllegalStateException(
          "stream " + stream + " holds " + stored + " records, but " + expected + " were acked");
    }
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
