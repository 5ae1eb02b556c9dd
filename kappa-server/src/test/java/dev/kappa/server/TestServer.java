package dev.kappa.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A server on an ephemeral port in a temporary directory, and an HTTP/1.1 client for it. */
final class TestServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final KappaServer server;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private TestServer(KappaServer server) {
    this.server = server;
  }

  static TestServer start(Path dir) {
    return start(dir, b -> {});
  }

  static TestServer start(Path dir, Consumer<ServerConfig.Builder> settings) {
    ServerConfig.Builder builder = ServerConfig.builder().dataDir(dir.resolve("data")).port(0);
    settings.accept(builder);
    return new TestServer(KappaServer.start(builder.build()));
  }

  /** An answer, with its body as text. */
  record Reply(int status, String body, HttpHeaders headers) {

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
      }
    }

    /** The error code of an error answer. */
    String errorCode() {
      return json().path("error").path("code").asText(null);
    }

    List<JsonNode> lines() {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (!line.isBlank()) {
          try {
            lines.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      }
      return lines;
    }

    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  URI uri(String path) {
    return URI.create(server.uri() + path);
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Reply put(String path, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply post(String path, String contentType, String body) {
    return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  Reply post(String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Reply postJson(String path, String json) {
    return post(path, "application/json", json);
  }

  Reply send(HttpRequest.Builder request) {
    return send(client, request);
  }

  /**
   * Sends {@code request} with {@code client}, 30 s at most; for servers in other processes too.
   */
  static Reply send(HttpClient client, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a schemaless stream with {@code partitions} partitions. */
  void schemalessStream(String name, int partitions) {
    Reply reply =
        put("/streams/" + name, "{\"partitions\":" + partitions + ",\"schemaless\":true}");
    if (reply.status() != 201) {
      throw new AssertionError("creating " + name + ": " + reply);
    }
  }

  /** Creates an Avro stream with one schema version. */
  void avroStream(String name, int partitions, String schema) {
    Reply reply =
        put("/streams/" + name, "{\"partitions\":" + partitions + ",\"schema\":" + schema + "}");
    if (reply.status() != 201) {
      throw new AssertionError("creating " + name + ": " + reply);
    }
  }

  /** Records retained in a stream, as the API reports them. */
  long recordCount(String stream) {
    Reply reply = get("/streams/" + stream);
    if (reply.status() != 200) {
      throw new AssertionError("describing " + stream + ": " + reply);
    }
    return reply.json().get("recordCount").asLong();
  }

  /** Whether the server still answers a plain request. */
  boolean serves() {
    return get("/health").status() == 200;
  }

  @Override
  public void close() {
    server.close();
  }
}
